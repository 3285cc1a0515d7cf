"""One campaign, ad group or ad: its facts, review state (with TikTok's reasons), what is
under it, the form for a new ad group (in a campaign) or ad (in an ad group), and launch,
pause and delete."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiohttp import web

from domain.ads.model import (
    CALLS_TO_ACTION,
    AdFormat,
    AdObject,
    BillingEvent,
    BudgetMode,
    CampaignSpec,
    IdentityType,
    ObjectKind,
    OperationStatus,
    Pacing,
)
from domain.ads.rules import GOALS
from entrypoints.ads_views import object_view
from entrypoints.console.ads import account_page, ads, find_account, object_page, text_form
from entrypoints.console.ads_forms import AD_FIELDS, AD_GROUP_FIELDS, ad_group_in, ad_in
from entrypoints.console.form_problems import FormProblems, checked, form
from entrypoints.console.pages import done, render
from entrypoints.console.session import organisation
from entrypoints.http.keys import CONTAINER

ACTIONS = {"launch": OperationStatus.ENABLE, "pause": OperationStatus.DISABLE,
           "delete": OperationStatus.DELETE}  # fmt: skip
CHILD = {ObjectKind.CAMPAIGN: ObjectKind.AD_GROUP, ObjectKind.AD_GROUP: ObjectKind.AD}


def _object_id(request: web.Request) -> str:
    return request.match_info["object_id"]


def _ad_group_defaults(request: web.Request, campaign: AdObject) -> dict[str, str]:
    now = request.app[CONTAINER].clock().now()
    assert isinstance(campaign.spec, CampaignSpec)
    goals = GOALS.get(campaign.spec.objective, {})
    goal = next(iter(goals), None)
    return {
        "budget_mode": BudgetMode.DAY.value,
        "budget_amount": "20",
        "schedule_start": now.strftime("%Y-%m-%dT%H:%M"),
        "schedule_end": (now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "optimization_goal": goal.value if goal else "",
        "billing_event": sorted(goals[goal])[0].value if goal else "",
        "location_ids": "6252001",
    }


async def _options(request: web.Request, org: str, shown: AdObject) -> dict[str, Any]:
    """The choices the child form offers (the campaign's objective decides the goals)."""
    if shown.kind is ObjectKind.CAMPAIGN:
        assert isinstance(shown.spec, CampaignSpec)
        goals = GOALS.get(shown.spec.objective, {})
        return {
            "goals": [g.value for g in goals],
            "billing_events": sorted({b.value for bs in goals.values() for b in bs})
            or [b.value for b in BillingEvent],
            "budget_modes": [BudgetMode.DAY.value, BudgetMode.TOTAL.value],
            "pacings": [p.value for p in Pacing],
        }
    return {
        "ad_formats": [f.value for f in AdFormat],
        "identity_types": [i.value for i in IdentityType],
        "calls_to_action": sorted(CALLS_TO_ACTION),
    }


async def _page(
    request: web.Request, org: str, child: dict[str, Any] | None = None, status: int = 200
) -> web.Response:
    a = ads(request)
    shown = await a.objects.one(organisation_id=org, object_id=_object_id(request))
    account = await find_account(a, org, shown.account_id)
    parent = (
        object_view(await a.objects.one(organisation_id=org, object_id=shown.parent_id))
        if shown.parent_id
        else None
    )
    kind = CHILD.get(shown.kind)
    children = (
        [object_view(o) for o in await a.objects(organisation_id=org, account_id=shown.account_id,
                                                 kind=kind, parent_id=shown.id)]
        if kind else []
    )  # fmt: skip
    if child is None and kind is ObjectKind.AD_GROUP:
        child = form("child", _ad_group_defaults(request, shown))
    elif child is None:
        child = form("child", {"ad_format": AdFormat.SINGLE_VIDEO.value,
                               "identity_type": IdentityType.TT_USER.value})  # fmt: skip
    return await render(
        request,
        "ad_object.html",
        {
            "o": object_view(shown),
            "account": account,
            "parent": parent,
            "children": children,
            "child_kind": kind.value if kind else None,
            "child": child,
            **(await _options(request, org, shown)),
        },
        status=status,
    )


async def detail(request: web.Request) -> web.Response:
    org = await organisation(request)
    return await _page(request, org)


async def create_child(request: web.Request) -> web.StreamResponse:
    """An ad group in this campaign, or an ad in this ad group."""
    org = await organisation(request)
    values = await text_form(request)
    a = ads(request)
    parent = await a.objects.one(organisation_id=org, object_id=_object_id(request))
    kind = CHILD.get(parent.kind)
    if kind is None:
        raise web.HTTPNotFound(reason="an ad has nothing under it")
    fields: tuple[str, ...] = AD_GROUP_FIELDS if kind is ObjectKind.AD_GROUP else AD_FIELDS

    async def run() -> Any:
        if kind is ObjectKind.AD_GROUP:
            return await a.create_ad_group(
                organisation_id=org, campaign_id=parent.id, spec=ad_group_in(values).to_domain()
            )
        return await a.create_ad(
            organisation_id=org, ad_group_id=parent.id, spec=ad_in(values).to_domain()
        )

    try:
        made = await checked(run, fields)
    except FormProblems as problems:
        return await _page(request, org, form("child", values, problems), problems.status)
    what = "Ad group" if kind is ObjectKind.AD_GROUP else "Ad"
    raise await done(request, object_page(made.id), f"{what} {made.spec.name} created.")


async def change_status(request: web.Request) -> web.StreamResponse:
    org = await organisation(request)
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise web.HTTPNotFound(reason=f"no action {action!r}: launch, pause or delete")
    changed = await ads(request).set_status(
        organisation_id=org, object_id=_object_id(request), status=ACTIONS[action]
    )
    told = {"launch": "launched", "pause": "paused", "delete": "deleted"}[action]
    to = account_page(changed.account_id) if action == "delete" else object_page(changed.id)
    raise await done(request, to, f"{changed.spec.name} {told}.")
