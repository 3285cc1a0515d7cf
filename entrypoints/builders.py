"""Adapters whose drivers are slow to import (asyncpg, aiohttp), built by functions
that import them when the container first builds one: a process pays only for the
adapters its configuration chooses (``tests/unit/entrypoints/test_startup_imports.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncpg

    from adapters.postgres.ads import PgAdsUowFactory
    from adapters.postgres.rate_limiter import PgRateLimiter
    from adapters.postgres.unit_of_work import PgUowFactory
    from adapters.system.event_sender import StandardWebhookSender
    from adapters.system.http_session import HttpSession
    from adapters.system.webhook_notifier import WebhookNotifier
    from adapters.tiktok.client import TikTokHttpClient
    from adapters.tiktok.config import TikTokClientConfig
    from adapters.tiktok.limiter import Limiter
    from adapters.tiktok.marketing_client import MarketingHttpClient
    from adapters.tiktok.marketing_config import MarketingClientConfig
    from application.ports import (
        Clock,
        IdGenerator,
        Notifier,
        TokenCipher,
        UnitOfWorkFactory,
    )
    from application.ports.business import BusinessApi
    from entrypoints.business_wiring import Business


def pg_uow(pool: asyncpg.Pool, cipher: TokenCipher) -> PgUowFactory:
    from adapters.postgres.unit_of_work import PgUowFactory

    return PgUowFactory(pool, cipher)


def pg_rate_limiter(pool: asyncpg.Pool, limits: Mapping[str, int]) -> PgRateLimiter:
    from adapters.postgres.rate_limiter import PgRateLimiter

    return PgRateLimiter(pool, limits)


def tiktok_http_client(
    session: HttpSession, config: TikTokClientConfig, limiter: Limiter
) -> TikTokHttpClient:
    from adapters.tiktok.client import TikTokHttpClient

    return TikTokHttpClient(session=session, config=config, limiter=limiter)


def webhook_notifier(session: HttpSession, url: str) -> WebhookNotifier:
    from adapters.system.webhook_notifier import WebhookNotifier

    return WebhookNotifier(session, url)


def event_sender(session: HttpSession) -> StandardWebhookSender:
    from adapters.system.event_sender import StandardWebhookSender

    return StandardWebhookSender(session)


def pg_ads_uow(pool: asyncpg.Pool, cipher: TokenCipher) -> PgAdsUowFactory:
    from adapters.postgres.ads import PgAdsUowFactory

    return PgAdsUowFactory(pool, cipher)


def marketing_http_client(
    session: HttpSession, config: MarketingClientConfig
) -> MarketingHttpClient:
    from adapters.tiktok.marketing_client import MarketingHttpClient

    return MarketingHttpClient(session, config)


def business(
    *,
    uow: UnitOfWorkFactory,
    api: BusinessApi,
    clock: Clock,
    ids: IdGenerator,
    notifier: Notifier,
    redirect_uri: str,
    app_id: str,
    secret: str,
    allowed_origins: tuple[str, ...],
) -> Business:
    """The Accounts API bundle; its use-cases are imported when it is first built."""
    from entrypoints.business_wiring import Business

    return Business(uow, api, clock, ids, notifier, redirect_uri, app_id, secret, allowed_origins)
