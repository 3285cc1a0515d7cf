"""The service's Prometheus metrics, in a registry of their own (tests and several apps in
one process do not collide). Exposed by the HTTP app at /metrics."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from domain import post_events as ev
from domain.post_state import PostStatus
from domain.social_post import SocialPost

LATENCY_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600)


class PrometheusTelemetry:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.posts = Gauge(
            "tiktok_channel_posts",
            "Posts by state (every organisation)",
            ["state"],
            registry=self.registry,
        )
        self.publish_latency = Histogram(
            "tiktok_channel_publish_latency_seconds",
            "From the start of the publishing attempt to TikTok confirming the post",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.tiktok_calls = Counter(
            "tiktok_channel_tiktok_calls_total",
            "Calls to TikTok",
            ["operation", "outcome"],
            registry=self.registry,
        )
        self.tiktok_errors = Counter(
            "tiktok_channel_tiktok_errors_total",
            "TikTok errors by taxonomy code",
            ["operation", "code"],
            registry=self.registry,
        )
        self.token_refreshes = Counter(
            "tiktok_channel_token_refreshes_total",
            "Access-token refreshes",
            ["outcome"],
            registry=self.registry,
        )
        self.webhook_events = Counter(
            "tiktok_channel_webhook_events_total",
            "TikTok webhook deliveries",
            ["event", "outcome"],
            registry=self.registry,
        )
        self.published = Counter(
            "tiktok_channel_posts_published_total",
            "Posts confirmed published",
            ["how"],
            registry=self.registry,
        )
        self.failed = Counter(
            "tiktok_channel_posts_failed_total",
            "Posts that ended failed",
            ["code"],
            registry=self.registry,
        )

    def tiktok_call(self, operation: str, error_code: str | None) -> None:
        self.tiktok_calls.labels(operation, "error" if error_code else "ok").inc()
        if error_code:
            self.tiktok_errors.labels(operation, error_code).inc()
        if operation == "refresh":
            self.token_refreshes.labels(error_code or "ok").inc()

    def webhook(self, event: str, outcome: str) -> None:
        self.webhook_events.labels(event, outcome).inc()

    def post_changed(self, post: SocialPost, new_events: Sequence[ev.PostEvent]) -> None:
        for event in new_events:
            if isinstance(event, ev.PostPublished):
                self.published.labels("api").inc()
                started = [
                    e
                    for e in post.events
                    if isinstance(e, ev.PublishingStarted) and e.occurred_at <= event.occurred_at
                ]
                if started:
                    self.publish_latency.observe(
                        (event.occurred_at - started[-1].occurred_at).total_seconds()
                    )
            elif isinstance(event, ev.PostManuallyPublished):
                self.published.labels("manual").inc()
            elif isinstance(event, ev.PostFailed):
                self.failed.labels(event.error_code).inc()

    def exposition(self, post_counts: Mapping[PostStatus, int]) -> bytes:
        for state in PostStatus:
            self.posts.labels(state.value).set(post_counts.get(state, 0))
        return generate_latest(self.registry)
