"""The ads use-cases assembled over their ports: one bundle the container, the CLI, the
HTTP API, the demo and the tests share (the container builds it from configuration)."""

from __future__ import annotations

import attrs

from application.ads_create import CreateSender
from application.ports import Clock, IdGenerator, ObjectStorage, UnitOfWorkFactory
from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi, SpoolFactory
from application.use_cases.ads.ad_report import AdReport
from application.use_cases.ads.connect_ad_account import ConnectAdAccount
from application.use_cases.ads.create_ad import CreateAd
from application.use_cases.ads.create_ad_group import CreateAdGroup
from application.use_cases.ads.create_campaign import CreateCampaign
from application.use_cases.ads.create_lookalike import CreateLookalike
from application.use_cases.ads.delete_audience import DeleteAudience
from application.use_cases.ads.finish_pending_creates import FinishPendingCreates
from application.use_cases.ads.handle_ad_review_event import HandleAdReviewEvent
from application.use_cases.ads.list_ad_accounts import ListAdAccounts
from application.use_cases.ads.list_ad_objects import ListAdObjects
from application.use_cases.ads.list_audiences import ListAudiences
from application.use_cases.ads.promote_post import PromotePost
from application.use_cases.ads.reconcile_ad_reviews import ReconcileAdReviews
from application.use_cases.ads.revoke_ad_account import RevokeAdAccount
from application.use_cases.ads.run_ads_round import RunAdsRound
from application.use_cases.ads.set_ad_status import SetAdStatus
from application.use_cases.ads.sync_ad_reports import SyncAdReports, SyncAllAdReports
from application.use_cases.ads.update_ad_object import UpdateAdObject
from application.use_cases.ads.upload_ad_image import UploadAdImage
from application.use_cases.ads.upload_ad_video import UploadAdVideo
from application.use_cases.ads.upload_audience import UploadAudience
from domain.ads.audience import PhoneEdition


@attrs.frozen
class AdsSettings:
    review_callback_url: str | None = None
    webhook_secret: str | None = None  # verify deliveries signed with it (app secret)
    phone_edition: PhoneEdition = PhoneEdition.E164
    country_code: str = "1"
    video_poll_s: float = 1.0


@attrs.define(slots=False)
class Ads:
    """Every ads use-case, over the same ports."""

    uow: AdsUnitOfWorkFactory
    marketing: MarketingApi
    posts: UnitOfWorkFactory
    storage: ObjectStorage
    spools: SpoolFactory
    clock: Clock
    ids: IdGenerator
    settings: AdsSettings = attrs.Factory(AdsSettings)

    def __attrs_post_init__(self) -> None:
        u, m, c, i = self.uow, self.marketing, self.clock, self.ids
        self.sender = CreateSender(u, m, c, self.settings.review_callback_url)
        self.connect = ConnectAdAccount(u, m, c, i)
        self.accounts = ListAdAccounts(u)
        self.revoke = RevokeAdAccount(u, m, c)
        self.create_campaign = CreateCampaign(u, self.sender, c, i)
        self.create_ad_group = CreateAdGroup(u, self.sender, c, i)
        self.create_ad = CreateAd(u, self.sender, c, i)
        self.finish_pending = FinishPendingCreates(u, self.sender)
        self.set_status = SetAdStatus(u, m, c)
        self.update = UpdateAdObject(u, m, c)
        self.objects = ListAdObjects(u)
        self.upload_video = UploadAdVideo(
            u, m, self.storage, c, i, poll_s=self.settings.video_poll_s
        )
        self.upload_image = UploadAdImage(u, m, self.storage, c, i)
        self.promote = PromotePost(
            self.posts, self.create_campaign, self.create_ad_group, self.create_ad, c
        )
        self.sync_reports = SyncAdReports(u, m, c)
        self.sync_all_reports = SyncAllAdReports(u, self.sync_reports)
        self.report = AdReport(u)
        self.upload_audience = UploadAudience(
            u, m, self.spools, c, i, self.settings.phone_edition, self.settings.country_code
        )
        self.audiences = ListAudiences(u, m, c)
        self.delete_audience = DeleteAudience(u, m, c)
        self.lookalike = CreateLookalike(u, m, c, i)
        self.handle_review = HandleAdReviewEvent(u, c)
        self.reconcile_reviews = ReconcileAdReviews(u, m, c)
        self.round = RunAdsRound(
            u, self.finish_pending, self.reconcile_reviews, self.sync_reports, c
        )
