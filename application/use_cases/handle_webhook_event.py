"""Apply a verified TikTok webhook event, once, however often it is delivered."""

from __future__ import annotations

import attrs

from application.ports import AdminAlert, Clock, Notifier, UnitOfWork, UnitOfWorkFactory
from domain.channel import ChannelStatus
from domain.publish_status import apply_status_report
from domain.webhook import AUTHORIZATION_REMOVED, TikTokWebhookEvent


@attrs.frozen
class WebhookOutcome:
    duplicate: bool
    applied_to: str | None  # post or channel id
    note: str


@attrs.frozen
class HandleWebhookEvent:
    uow: UnitOfWorkFactory
    clock: Clock
    notifier: Notifier

    async def __call__(self, event: TikTokWebhookEvent) -> WebhookOutcome:
        now = self.clock.now()
        alerts: list[AdminAlert] = []
        async with self.uow() as uow:
            if not await uow.webhook_events.remember(event.identity, received_at=now):
                return WebhookOutcome(True, None, "duplicate delivery ignored")
            outcome = WebhookOutcome(False, None, f"event {event.event} not handled")
            report = event.status_report()
            if report is not None:
                post = await uow.posts.find_by_publish_id(report.publish_id)
                if post is None:
                    outcome = WebhookOutcome(False, None, "no post has this publish id")
                else:
                    channel = await uow.channels.get(post.channel_id)
                    updated = apply_status_report(post, report, now=now, username=channel.username)
                    if updated is not post:
                        await uow.posts.save(updated)
                    outcome = WebhookOutcome(False, post.id, f"post is {updated.status.value}")
            elif event.event == AUTHORIZATION_REMOVED and event.user_openid:
                outcome, alerts = await self._authorization_removed(uow, event)
            await uow.commit()
        for alert in alerts:
            await self.notifier.notify(alert)
        return outcome

    async def _authorization_removed(
        self, uow: UnitOfWork, event: TikTokWebhookEvent
    ) -> tuple[WebhookOutcome, list[AdminAlert]]:
        now = self.clock.now()
        reason = f"TikTok authorization removed: {event.removal_reason()}"
        expired: list[str] = []
        alerts: list[AdminAlert] = []
        for channel in await uow.channels.with_open_id(event.user_openid or ""):
            if channel.status is not ChannelStatus.CONNECTED:
                continue
            await uow.channels.save(channel.expire(reason=reason, now=now))
            expired.append(channel.id)
            alerts.append(
                AdminAlert(
                    "channel_expired",
                    channel.organisation_id,
                    channel.id,
                    f"TikTok channel {channel.display_name} needs reconnecting: {reason}",
                    now,
                )
            )
        return WebhookOutcome(False, ",".join(expired) or None, reason), alerts
