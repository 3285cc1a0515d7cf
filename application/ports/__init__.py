"""Ports: typing.Protocol classes the adapters satisfy structurally."""

from application.ports.clock import Clock, IdGenerator
from application.ports.media import MediaProbe, ObjectInfo, ObjectStorage
from application.ports.notifier import AdminAlert, Notifier
from application.ports.repositories import (
    ApiKeyRepository,
    ChannelRepository,
    IdempotencyStore,
    InsightRepository,
    MetricsRepository,
    OAuthStateRepository,
    PostFilter,
    PostRepository,
    StoredResponse,
    UnitOfWork,
    UnitOfWorkFactory,
    WebhookEventLog,
)
from application.ports.tiktok import (
    Ciphertext,
    InitResult,
    ProgressCallback,
    TikTokApi,
    TikTokVideo,
    TokenCipher,
    TokenGrant,
    UserProfile,
    VideoPage,
    VideoSourceSpec,
)

__all__ = [
    "AdminAlert",
    "ApiKeyRepository",
    "ChannelRepository",
    "Ciphertext",
    "Clock",
    "IdGenerator",
    "IdempotencyStore",
    "InitResult",
    "InsightRepository",
    "MediaProbe",
    "MetricsRepository",
    "Notifier",
    "OAuthStateRepository",
    "ObjectInfo",
    "ObjectStorage",
    "PostFilter",
    "PostRepository",
    "ProgressCallback",
    "StoredResponse",
    "TikTokApi",
    "TikTokVideo",
    "TokenCipher",
    "TokenGrant",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserProfile",
    "VideoPage",
    "VideoSourceSpec",
    "WebhookEventLog",
]
