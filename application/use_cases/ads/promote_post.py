"""Spark Ads in one call: promote a post this service published, from its TikTok post id.

The ad uses the TikTok account that published the post (identity ``TT_USER``, identity
id = the channel's open_id; or ``AUTH_CODE`` with the creator's code) and ``tiktok_item_id``
= the post's TikTok id. Without an ad group, a VIDEO_VIEWS campaign and a daily-budget ad
group are created for it first (each exactly once, see ads_create).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

import attrs

from application.errors import Conflict
from application.ports import Clock, UnitOfWorkFactory
from application.tenancy import channel_in_org, post_in_org
from application.use_cases.ads.create_ad import CreateAd
from application.use_cases.ads.create_ad_group import CreateAdGroup
from application.use_cases.ads.create_campaign import CreateCampaign
from domain.ads.model import (
    AdFormat,
    AdGroupSpec,
    AdObject,
    AdSpec,
    BillingEvent,
    Budget,
    BudgetMode,
    CampaignSpec,
    IdentityType,
    Objective,
    OptimizationGoal,
    Schedule,
    ScheduleType,
)
from domain.ads.rules import AD_TEXT_MAX
from domain.errors import RulesViolated, RuleViolation
from domain.post_state import PostStatus

US = "6252001"  # TikTok's location id for the United States (a geonames id)


@attrs.frozen
class Promotion:
    campaign: AdObject | None
    ad_group: AdObject | None
    ad: AdObject


@attrs.frozen
class PromotePost:
    posts: UnitOfWorkFactory
    create_campaign: CreateCampaign
    create_ad_group: CreateAdGroup
    create_ad: CreateAd
    clock: Clock

    async def __call__(
        self,
        *,
        organisation_id: str,
        post_id: str,
        account_id: str | None = None,
        ad_group_id: str | None = None,
        daily_budget: Decimal = Decimal(50),
        days: int = 7,
        location_ids: Sequence[str] = (US,),
        ad_text: str | None = None,
        identity_type: IdentityType = IdentityType.TT_USER,
        identity_id: str | None = None,
    ) -> Promotion:
        if not 1 <= days <= 365:
            raise RulesViolated([RuleViolation("days", "days", "1 to 365 days", days, 365)])
        async with self.posts() as uow:
            post = await post_in_org(uow, post_id, organisation_id)
            channel = await channel_in_org(uow, post.channel_id, organisation_id)
        if post.status is not PostStatus.PUBLISHED or not post.tiktok_post_ids:
            raise Conflict(
                f"post {post_id} is not published on TikTok yet (status {post.status.value})"
            )
        text = (ad_text or post.content.caption or post.content.title or "Watch on TikTok").strip()
        spec = AdSpec(
            name=f"Spark {post.tiktok_post_ids[0]}",
            ad_format=AdFormat.SINGLE_VIDEO,
            ad_text=text[:AD_TEXT_MAX],
            identity_type=identity_type,
            identity_id=identity_id or channel.open_id,
            tiktok_item_id=post.tiktok_post_ids[0],
            post_id=post.id,
        )
        campaign = group = None
        if ad_group_id is None:
            if account_id is None:
                raise Conflict("give the ad account (or an ad group) to promote the post in")
            now = self.clock.now()
            campaign = await self.create_campaign(
                organisation_id=organisation_id,
                account_id=account_id,
                spec=CampaignSpec(
                    f"Promote {post.id}", Objective.VIDEO_VIEWS, Budget(BudgetMode.INFINITE)
                ),
            )
            group = await self.create_ad_group(
                organisation_id=organisation_id,
                campaign_id=campaign.id,
                spec=AdGroupSpec(
                    name=f"Promote {post.id}",
                    budget=Budget(BudgetMode.DAY, daily_budget),
                    schedule=Schedule(ScheduleType.START_END, now, now + timedelta(days=days)),
                    optimization_goal=OptimizationGoal.VIDEO_VIEW,
                    billing_event=BillingEvent.CPV,
                    location_ids=tuple(location_ids),
                ),
            )
            ad_group_id = group.id
        ad = await self.create_ad(
            organisation_id=organisation_id, ad_group_id=ad_group_id, spec=spec
        )
        return Promotion(campaign, group, ad)
