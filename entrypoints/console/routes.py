"""Every console page and form, in one table."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from entrypoints.console import (
    ads,
    ads_audiences,
    ads_objects,
    ads_reports,
    approval,
    business_account,
    channels,
    composer,
    inbox,
    insights,
    keys,
    manual,
    media,
    post_page,
    posts,
    sign_in,
    webhooks,
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
C = "/console/channels/{channel_id}"
P = "/console/posts/{post_id}"
AA = "/console/ads/accounts/{account_id}"
AO = "/console/ads/objects/{object_id}"
B = "/console/inbox/{channel_id}"  # a channel's comments
W = "/console/webhooks/{endpoint_id}"
WE = "/console/webhooks/events/{event_id}"

ROUTES: tuple[tuple[str, str, Handler], ...] = (
    ("GET", "/console", sign_in.home),
    ("GET", "/console/", sign_in.home),
    ("GET", "/console/sign-in", sign_in.sign_in_page),
    ("POST", "/console/sign-in", sign_in.sign_in),
    ("POST", "/console/sign-out", sign_in.sign_out),
    ("GET", "/console/channels", channels.list_page),
    ("POST", "/console/channels/connect", channels.connect),
    ("GET", "/console/channels/connected", channels.connected),
    ("GET", C, channels.detail_page),
    ("POST", f"{C}/verify", channels.verify),
    ("POST", f"{C}/refresh", channels.refresh),
    ("POST", f"{C}/sync", channels.sync),
    ("POST", f"{C}/disconnect", channels.disconnect),
    ("GET", f"{C}/insights", insights.page),
    ("POST", f"{C}/insights", insights.compute),
    ("GET", "/console/posts", posts.board),
    ("GET", "/console/posts/new", composer.new_page),
    ("POST", "/console/posts/new", composer.create),
    ("POST", "/console/media", media.upload),
    ("GET", P, post_page.page),
    ("POST", f"{P}/share", post_page.share_for_approval),
    ("GET", f"{P}/manual", manual.page),
    ("POST", f"{P}/manual", manual.mark_published),
    ("GET", "/console/approve", approval.page),
    ("POST", "/console/approve", approval.answer),
    ("POST", P + "/{action:(approve|publish-now|unschedule|retry|to-manual|schedule)}", posts.act),
    ("GET", "/console/ads", ads.accounts_page),
    ("POST", "/console/ads/connect", ads.connect),
    ("GET", AA, ads.account_detail),
    ("POST", f"{AA}/revoke", ads.revoke),
    ("POST", f"{AA}/campaigns", ads.create_campaign),
    ("POST", f"{AA}/promote", ads.promote),
    ("POST", f"{AA}/reviews", ads.reconcile_reviews),
    ("POST", f"{AA}/finish-pending", ads.finish_pending),
    ("GET", f"{AA}/reports", ads_reports.page),
    ("POST", f"{AA}/reports/sync", ads_reports.sync),
    ("GET", f"{AA}/audiences", ads_audiences.page),
    ("POST", f"{AA}/audiences", ads_audiences.upload),
    ("POST", "/console/ads/audiences/{audience_id}/delete", ads_audiences.delete),
    ("GET", AO, ads_objects.detail),
    ("POST", f"{AO}/children", ads_objects.create_child),
    ("POST", f"{AO}/{{action}}", ads_objects.change_status),
    ("GET", f"{C}/business", business_account.page),
    ("POST", f"{C}/business/connect", business_account.connect),
    ("POST", f"{C}/business/sync", business_account.sync),
    ("POST", f"{C}/business/sync-job", business_account.sync_job),
    ("GET", "/console/inbox", inbox.page),
    ("GET", f"{B}/{{video_id}}", inbox.conversation),
    ("POST", f"{B}/comments/{{comment_id}}/reply", inbox.reply),
    ("POST", f"{B}/comments/{{comment_id}}/hide", inbox.hide),
    ("POST", f"{B}/comments/{{comment_id}}/unhide", inbox.unhide),
    ("POST", f"{B}/comments/{{comment_id}}/delete", inbox.delete),
    ("GET", "/console/webhooks", webhooks.list_page),
    ("POST", "/console/webhooks", webhooks.register),
    ("GET", WE, webhooks.event_page),
    ("POST", f"{WE}/resend", webhooks.resend),
    ("GET", W, webhooks.detail),
    ("POST", f"{W}/enable", webhooks.enable),
    ("POST", f"{W}/disable", webhooks.disable),
    ("POST", f"{W}/rotate", webhooks.rotate),
    ("POST", f"{W}/delete", webhooks.delete),
    ("GET", "/console/keys", keys.page),
    ("POST", "/console/keys", keys.create),
    ("POST", "/console/keys/{key_id}/revoke", keys.revoke),
)
