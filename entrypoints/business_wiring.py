"""The Accounts API use-cases assembled over their ports: one bundle the container, the
CLI, the HTTP API, the workers and the demo share."""

from __future__ import annotations

import attrs

from application.ports import Clock, IdGenerator, Notifier, UnitOfWorkFactory
from application.ports.business import BusinessApi
from application.use_cases.business_analytics import BusinessAnalytics
from application.use_cases.complete_business_oauth import CompleteBusinessOAuth
from application.use_cases.connect_business_account import ConnectBusinessAccount
from application.use_cases.delete_comment import DeleteComment
from application.use_cases.disconnect_business_account import DisconnectBusinessAccount
from application.use_cases.ingest_comment_event import IngestCommentEvent
from application.use_cases.list_conversations import ListConversations
from application.use_cases.list_organisation_inbox import ListOrganisationInbox
from application.use_cases.moderate_comment import HideComment
from application.use_cases.refresh_business_token import RefreshBusinessToken
from application.use_cases.reply_to_comment import ReplyToComment
from application.use_cases.run_accounts_api_round import RunAccountsApiRound
from application.use_cases.run_business_token_upkeep import RunBusinessTokenUpkeep
from application.use_cases.set_channel_time_zone import SetChannelTimeZone
from application.use_cases.show_connections import ShowConnections
from application.use_cases.show_conversation import ShowConversation
from application.use_cases.subscribe_comment_webhook import SubscribeCommentWebhook
from application.use_cases.sync_business_insights import SyncBusinessInsights
from application.use_cases.sync_comments import SyncComments


@attrs.define(slots=False)
class Business:
    """Every Accounts API use-case, over the same ports."""

    uow: UnitOfWorkFactory
    api: BusinessApi
    clock: Clock
    ids: IdGenerator
    notifier: Notifier
    redirect_uri: str
    app_id: str = ""
    secret: str = attrs.field(default="", repr=False)  # verifies comment.update deliveries
    allowed_origins: tuple[str, ...] = ()  # return URLs' origins allowed for every org

    def __attrs_post_init__(self) -> None:
        u, a, c, i = self.uow, self.api, self.clock, self.ids
        self.connect = ConnectBusinessAccount(u, a, c, i, self.redirect_uri, self.allowed_origins)
        self.complete = CompleteBusinessOAuth(u, a, c, i)
        self.refresh = RefreshBusinessToken(u, a, c, self.notifier)
        self.upkeep = RunBusinessTokenUpkeep(u, self.refresh, c)
        self.disconnect = DisconnectBusinessAccount(u, a, c)
        self.sync_insights = SyncBusinessInsights(u, a, c)
        self.sync_comments = SyncComments(u, a, c)
        self.ingest = IngestCommentEvent(u, c)
        self.reply = ReplyToComment(u, a, c, i)
        self.hide = HideComment(u, a, c)
        self.delete = DeleteComment(u, a, c)
        self.inbox = ListConversations(u)
        self.organisation_inbox = ListOrganisationInbox(u)
        self.thread = ShowConversation(u)
        self.set_time_zone = SetChannelTimeZone(u)
        self.analytics = BusinessAnalytics(u, c)
        self.connections = ShowConnections(u)
        self.subscribe = SubscribeCommentWebhook(a)
        self.round = RunAccountsApiRound(u, self.sync_insights, self.sync_comments)
