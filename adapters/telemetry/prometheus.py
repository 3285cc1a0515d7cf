"""The service's telemetry: Prometheus counters of TikTok calls, webhooks and post outcomes,
exposed by the HTTP app at /metrics. The metrics themselves (``prometheus_metrics.py``) are
built on first use: a worker's start does not import prometheus_client."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from domain import post_events as ev
from domain.post_state import PostStatus
from domain.social_post import SocialPost

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

    from adapters.telemetry.prometheus_metrics import PrometheusMetrics


class PrometheusTelemetry:
    def __init__(self) -> None:
        self._metrics: PrometheusMetrics | None = None

    @property
    def metrics(self) -> PrometheusMetrics:
        if self._metrics is None:
            from adapters.telemetry.prometheus_metrics import PrometheusMetrics

            self._metrics = PrometheusMetrics()
        return self._metrics

    @property
    def registry(self) -> CollectorRegistry:
        return self.metrics.registry

    def tiktok_call(self, operation: str, error_code: str | None) -> None:
        self.metrics.tiktok_calls.labels(operation, "error" if error_code else "ok").inc()
        if error_code:
            self.metrics.tiktok_errors.labels(operation, error_code).inc()
        if operation == "refresh":
            self.metrics.token_refreshes.labels(error_code or "ok").inc()

    def webhook(self, event: str, outcome: str) -> None:
        self.metrics.webhook_events.labels(event, outcome).inc()

    def post_changed(self, post: SocialPost, new_events: Sequence[ev.PostEvent]) -> None:
        for event in new_events:
            if isinstance(event, ev.PostPublished):
                self.metrics.published.labels("api").inc()
                started = [
                    e
                    for e in post.events
                    if isinstance(e, ev.PublishingStarted) and e.occurred_at <= event.occurred_at
                ]
                if started:
                    self.metrics.publish_latency.observe(
                        (event.occurred_at - started[-1].occurred_at).total_seconds()
                    )
            elif isinstance(event, ev.PostManuallyPublished):
                self.metrics.published.labels("manual").inc()
            elif isinstance(event, ev.PostFailed):
                self.metrics.failed.labels(event.error_code).inc()

    def exposition(self, post_counts: Mapping[PostStatus, int]) -> bytes:
        for state in PostStatus:
            self.metrics.posts.labels(state.value).set(post_counts.get(state, 0))
        from prometheus_client import generate_latest

        return generate_latest(self.registry)
