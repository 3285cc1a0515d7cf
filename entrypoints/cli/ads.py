"""`tiktok-channel ads ...`: ad accounts, campaigns / ad groups / ads, Spark Ads, reports,
audiences (TikTok Marketing API; configure TIKTOK_ADS_APP_ID and TIKTOK_ADS_SECRET)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import click

from entrypoints.cli.common import CliError, act, emit, json_option, org_option

OBJECT_COLUMNS = ("id", "kind", "tiktok_id", "status", "review", "created_at")
DAY = click.DateTime(formats=["%Y-%m-%d"])


def _objects(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"items": [{**o, "review": o["review"]["status"]} for o in items]}


def _money(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise CliError(f"{text!r} is not an amount such as 50.00") from None


@click.group("ads")
def ads() -> None:
    """TikTok ads: connect ad accounts, create and run campaigns, promote posts, reports,
    custom audiences."""


@ads.command("connect")
@org_option
@click.argument("auth_code")
@json_option
def connect(org: str, auth_code: str, as_json: bool) -> None:
    """Connect the ad accounts an advertiser's AUTH_CODE covers (from TikTok's portal)."""
    from entrypoints.ads_views import account_view

    accounts = act(lambda c: c.ads().connect(organisation_id=org, auth_code=auth_code))
    emit(
        {"items": [account_view(a) for a in accounts]},
        as_json,
        ("id", "advertiser_id", "name", "status"),
    )


@ads.command("accounts")
@org_option
@json_option
def accounts(org: str, as_json: bool) -> None:
    """The organisation's ad accounts."""
    from entrypoints.ads_views import account_view

    found = act(lambda c: c.ads().accounts(organisation_id=org))
    emit(
        {"items": [account_view(a) for a in found]},
        as_json,
        ("id", "advertiser_id", "name", "currency", "status"),
    )


@ads.command("revoke")
@org_option
@click.argument("account_id")
@json_option
def revoke(org: str, account_id: str, as_json: bool) -> None:
    """Disconnect an ad account (its token is revoked at TikTok)."""
    from entrypoints.ads_views import account_view

    done = act(lambda c: c.ads().revoke(organisation_id=org, account_id=account_id))
    emit(account_view(done), as_json)


@ads.command("campaign")
@org_option
@click.argument("account_id")
@click.option("--name", required=True)
@click.option("--objective", required=True, help="REACH, TRAFFIC, VIDEO_VIEWS, ...")
@click.option("--daily-budget", help="Daily budget (50.00 or more); none: no campaign budget.")
@json_option
def campaign(
    org: str, account_id: str, name: str, objective: str, daily_budget: str | None, as_json: bool
) -> None:
    """Create a campaign (exactly once, whatever happens to TikTok's answer)."""
    from domain.ads.model import Budget, BudgetMode, CampaignSpec, Objective
    from entrypoints.ads_views import object_view

    try:
        goal = Objective(objective)
    except ValueError:
        raise CliError(
            f"objective must be one of {', '.join(o.value for o in Objective)}"
        ) from None
    amount = _money(daily_budget)
    budget = Budget(BudgetMode.DAY, amount) if amount is not None else Budget(BudgetMode.INFINITE)
    made = act(lambda c: c.ads().create_campaign(organisation_id=org, account_id=account_id,
                                                spec=CampaignSpec(name, goal, budget)))  # fmt: skip
    emit(object_view(made), as_json)


@ads.command("list")
@org_option
@click.argument("account_id")
@click.option("--kind", type=click.Choice(["campaign", "adgroup", "ad"]), default="campaign")
@click.option("--parent", "parent_id", help="Our id of the campaign or ad group.")
@json_option
def list_(org: str, account_id: str, kind: str, parent_id: str | None, as_json: bool) -> None:
    """Campaigns, ad groups or ads of an account."""
    from domain.ads.model import ObjectKind
    from entrypoints.ads_views import object_view

    found = act(lambda c: c.ads().objects(organisation_id=org, account_id=account_id,
                                         kind=ObjectKind(kind), parent_id=parent_id))  # fmt: skip
    emit(_objects([object_view(o) for o in found]), as_json, OBJECT_COLUMNS)


@ads.command("show")
@org_option
@click.argument("object_id")
@json_option
def show(org: str, object_id: str, as_json: bool) -> None:
    """A campaign, ad group or ad, with its review state."""
    from entrypoints.ads_views import object_view

    found = act(lambda c: c.ads().objects.one(organisation_id=org, object_id=object_id))
    emit(object_view(found), as_json)


def _status_command(name: str, status_name: str, help_text: str) -> None:
    @ads.command(name, help=help_text)
    @org_option
    @click.argument("object_id")
    @json_option
    def command(org: str, object_id: str, as_json: bool) -> None:
        from domain.ads.model import OperationStatus
        from entrypoints.ads_views import object_view

        status = OperationStatus(status_name)
        done = act(
            lambda c: c.ads().set_status(organisation_id=org, object_id=object_id, status=status)
        )
        emit(object_view(done), as_json)


_status_command("launch", "ENABLE", "Launch (enable) a campaign, ad group or ad.")
_status_command("pause", "DISABLE", "Pause (disable) a campaign, ad group or ad.")
_status_command("delete", "DELETE", "Delete a campaign, ad group or ad (final).")


@ads.command("promote")
@org_option
@click.argument("post_id")
@click.option("--account", "account_id", help="The ad account (a campaign and ad group are made).")
@click.option("--ad-group", "ad_group_id", help="An existing ad group instead.")
@click.option("--daily-budget", default="50", show_default=True)
@click.option("--days", type=click.IntRange(1, 365), default=7, show_default=True)
@json_option
def promote(org: str, post_id: str, account_id: str | None, ad_group_id: str | None,
            daily_budget: str, days: int, as_json: bool) -> None:  # fmt: skip
    """Promote a post this service published as a Spark Ad, in one call."""
    from entrypoints.ads_views import object_view

    budget = _money(daily_budget) or Decimal(0)
    promo = act(lambda c: c.ads().promote(organisation_id=org, post_id=post_id, account_id=account_id,
                                         ad_group_id=ad_group_id, daily_budget=budget, days=days))  # fmt: skip
    emit({"campaign": object_view(promo.campaign) if promo.campaign else None,
          "ad_group": object_view(promo.ad_group) if promo.ad_group else None,
          "ad": object_view(promo.ad)}, as_json)  # fmt: skip


@ads.command("finish-pending")
@org_option
@click.argument("account_id")
@json_option
def finish_pending(org: str, account_id: str, as_json: bool) -> None:
    """Finish creates whose answer was lost (never creates twice)."""
    from entrypoints.ads_views import object_view

    done = act(lambda c: c.ads().finish_pending(organisation_id=org, account_id=account_id))
    emit(_objects([object_view(o) for o in done]), as_json, OBJECT_COLUMNS)


@ads.command("reviews")
@org_option
@click.argument("account_id")
@json_option
def reviews(org: str, account_id: str, as_json: bool) -> None:
    """Poll TikTok for the review results of ads and ad groups still in review."""
    from entrypoints.ads_views import object_view

    done = act(lambda c: c.ads().reconcile_reviews(organisation_id=org, account_id=account_id))
    emit(_objects([object_view(o) for o in done]), as_json, OBJECT_COLUMNS)


@ads.command("sync-report")
@org_option
@click.argument("account_id")
@click.option("--day", type=DAY, required=True, help="YYYY-MM-DD")
@json_option
def sync_report(org: str, account_id: str, day: datetime, as_json: bool) -> None:
    """Sync one day's report (campaigns, ad groups, ads) into our time series."""
    from entrypoints.ads_views import report_view

    rows = act(
        lambda c: c.ads().sync_reports(organisation_id=org, account_id=account_id, day=day.date())
    )
    emit({"items": [_flat(report_view(r)) for r in rows]}, as_json, REPORT_COLUMNS)


REPORT_COLUMNS = (
    "day",
    "level",
    "tiktok_id",
    "spend",
    "impressions",
    "clicks",
    "ctr",
    "video_play_actions",
)


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in row.items() if k != "metrics"}, **row["metrics"]}


@ads.command("report")
@org_option
@click.argument("account_id")
@click.option("--level", type=click.Choice(["campaign", "adgroup", "ad"]), default="campaign")
@click.option("--start", type=DAY, required=True)
@click.option("--end", type=DAY, required=True)
@json_option
def report(
    org: str, account_id: str, level: str, start: datetime, end: datetime, as_json: bool
) -> None:
    """Our stored report figures for a date range."""
    from domain.ads.model import ObjectKind
    from entrypoints.ads_views import report_view

    rows = act(lambda c: c.ads().report(organisation_id=org, account_id=account_id, level=ObjectKind(level),
                                       start=start.date(), end=end.date()))  # fmt: skip
    emit({"items": [_flat(report_view(r)) for r in rows]}, as_json, REPORT_COLUMNS)


async def _file_blocks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            yield block


@ads.command("audience")
@org_option
@click.argument("account_id")
@click.argument("csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="A new audience's name.")
@click.option("--append-to", "audience_id", help="Add the file to this audience instead.")
@click.option(
    "--kind", type=click.Choice(["email", "phone", "maid"]), default="email", show_default=True
)
@json_option
def audience(org: str, account_id: str, csv: Path, name: str | None, audience_id: str | None,
             kind: str, as_json: bool) -> None:  # fmt: skip
    """Upload a CSV of emails, phones or mobile ad ids: normalised and SHA-256 hashed here,
    streamed; the file itself never leaves this machine."""
    from domain.ads.audience import IdentifierKind
    from entrypoints.ads_views import audience_view

    if (name is None) == (audience_id is None):
        raise CliError("give --name for a new audience or --append-to for an existing one")
    made = act(lambda c: c.ads().upload_audience(
        organisation_id=org, account_id=account_id, kind=IdentifierKind(kind), blocks=_file_blocks(csv),
        name=name, audience_id=audience_id,
    ))  # fmt: skip
    emit(audience_view(made), as_json)


@ads.command("audiences")
@org_option
@click.argument("account_id")
@json_option
def audiences(org: str, account_id: str, as_json: bool) -> None:
    """Audiences of an account, with TikTok's matched sizes."""
    from entrypoints.ads_views import audience_list_view

    views = act(lambda c: c.ads().audiences(organisation_id=org, account_id=account_id))
    emit(
        {"items": audience_list_view(list(views))},
        as_json,
        ("id", "name", "kind", "identifiers", "matched", "status"),
    )


@ads.command("lookalike")
@org_option
@click.argument("audience_id")
@click.option("--name", required=True)
@click.option(
    "--location", "locations", multiple=True, required=True, help="TikTok location id (repeat)."
)
@json_option
def lookalike(
    org: str, audience_id: str, name: str, locations: tuple[str, ...], as_json: bool
) -> None:
    """A lookalike audience of one of ours."""
    from entrypoints.ads_views import audience_view

    made = act(lambda c: c.ads().lookalike(organisation_id=org, source_id=audience_id, name=name,
                                          location_ids=list(locations)))  # fmt: skip
    emit(audience_view(made), as_json)


@ads.command("delete-audience")
@org_option
@click.argument("audience_id")
@json_option
def delete_audience(org: str, audience_id: str, as_json: bool) -> None:
    """Delete an audience on TikTok (our counts stay, marked deleted)."""
    from entrypoints.ads_views import audience_view

    gone = act(lambda c: c.ads().delete_audience(organisation_id=org, audience_id=audience_id))
    emit(audience_view(gone), as_json)
