"""The service's Prometheus metrics, in a registry of their own (tests and several apps in
one process do not collide). Built by ``PrometheusTelemetry`` on first use, so a process
imports prometheus_client only once it has something to count or expose."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600)


class PrometheusMetrics:
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
