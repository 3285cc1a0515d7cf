"""The ads part of the one container: adapters chosen by configuration, and the Ads
bundle of use-cases (``entrypoints/ads_wiring.py``). Declared here, included by
``entrypoints/container.py`` as ``Container.ads_parts``. The ads modules (the domain's
ads model, the use-cases, the memory adapter) are imported when a part is first built,
by the functions below: a process that never touches ads (a publisher) never loads them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.memory.outbox import OutboxState
from domain.secret import Secret
from entrypoints import builders
from entrypoints.lean_imports import optional_integrations_hidden

with optional_integrations_hidden():
    from dependency_injector import containers, providers

if TYPE_CHECKING:
    import asyncpg

    from adapters.memory.ads import MemoryAdsStore, MemoryAdsUowFactory
    from adapters.system.http_session import HttpSession
    from adapters.tiktok.marketing_config import MarketingClientConfig
    from adapters.tiktok.marketing_unconfigured import UnconfiguredMarketing
    from application.ports import Clock, IdGenerator, ObjectStorage, TokenCipher, UnitOfWorkFactory
    from application.ports.ads import AdsUnitOfWorkFactory, MarketingApi
    from entrypoints.ads_wiring import Ads, AdsSettings

ADS_DEFAULTS = {
    "marketing_app_id": "",
    "marketing_secret": "",
    "marketing_api_base": "",  # empty: TikTok's host; the sandbox's URL to use the emulator
    "ads_review_callback_url": "",
    "ads_phone_edition": "e164",
    "ads_country_code": "1",
}


def _marketing_mode(app_id: str) -> str:
    return "http" if app_id else "none"


def _client_config(app_id: str, secret: str, base: str) -> MarketingClientConfig:
    from adapters.tiktok.marketing_config import MarketingClientConfig

    if base:  # the sandbox (or an emulator): its limits
        return MarketingClientConfig.for_sandbox(app_id, Secret(secret), base.rstrip("/"))
    return MarketingClientConfig(app_id, Secret(secret))


def _settings(callback: str, secret: str, edition: str, country_code: str) -> AdsSettings:
    from domain.ads.audience import PhoneEdition
    from entrypoints.ads_wiring import AdsSettings

    return AdsSettings(
        review_callback_url=callback or None,
        webhook_secret=secret or None,
        phone_edition=PhoneEdition(edition),
        country_code=country_code,
    )


def _memory_store(outgoing: OutboxState) -> MemoryAdsStore:
    from adapters.memory.ads import MemoryAdsStore

    return MemoryAdsStore(outgoing=outgoing)


def _memory_uow(store: MemoryAdsStore) -> MemoryAdsUowFactory:
    from adapters.memory.ads import MemoryAdsUowFactory

    return MemoryAdsUowFactory(store)


def _unconfigured_marketing() -> UnconfiguredMarketing:
    from adapters.tiktok.marketing_unconfigured import UnconfiguredMarketing

    return UnconfiguredMarketing()


def _ads(
    *,
    uow: AdsUnitOfWorkFactory,
    marketing: MarketingApi,
    posts: UnitOfWorkFactory,
    storage: ObjectStorage,
    clock: Clock,
    ids: IdGenerator,
    settings: AdsSettings,
) -> Ads:
    from adapters.system.spool import TempFileSpool
    from entrypoints.ads_wiring import Ads

    return Ads(uow, marketing, posts, storage, TempFileSpool, clock, ids, settings)


class AdsContainer(containers.DeclarativeContainer):
    config = providers.Configuration()
    # What the main container passes in (``Container.ads_parts``).
    clock: providers.Dependency[Clock] = providers.Dependency()
    ids: providers.Dependency[IdGenerator] = providers.Dependency()
    cipher: providers.Dependency[TokenCipher] = providers.Dependency()
    db_pool: providers.Dependency[asyncpg.Pool] = providers.Dependency()
    http_session: providers.Dependency[HttpSession] = providers.Dependency()
    storage: providers.Dependency[ObjectStorage] = providers.Dependency()
    posts_uow: providers.Dependency[UnitOfWorkFactory] = providers.Dependency()
    outgoing: providers.Dependency[OutboxState] = providers.Dependency(
        instance_of=OutboxState, default=providers.Singleton(OutboxState)
    )  # the memory outbox (the main store's, when wired by the main container)

    memory_store = providers.Singleton(_memory_store, outgoing=outgoing)
    uow = providers.Selector(
        config.backend,
        memory=providers.Singleton(_memory_uow, memory_store),
        postgres=providers.Singleton(builders.pg_ads_uow, db_pool, cipher),
    )
    marketing = providers.Selector(
        providers.Callable(_marketing_mode, config.marketing_app_id),
        none=providers.Singleton(_unconfigured_marketing),
        http=providers.Singleton(
            builders.marketing_http_client,
            http_session,
            providers.Singleton(
                _client_config,
                config.marketing_app_id,
                config.marketing_secret,
                config.marketing_api_base,
            ),
        ),
    )
    settings = providers.Singleton(
        _settings,
        config.ads_review_callback_url,
        config.marketing_secret,
        config.ads_phone_edition,
        config.ads_country_code,
    )
    ads = providers.Singleton(
        _ads,
        uow=uow,
        marketing=marketing,
        posts=posts_uow,
        storage=storage,
        clock=clock,
        ids=ids,
        settings=settings,
    )
