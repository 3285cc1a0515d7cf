"""For mypy only: every adapter the container can choose, typed as the port it stands in
for. The container's wiring (dependency-injector providers) is not type-checked, so this
is where ``mypy`` (strict, in ``./test.sh``) holds each adapter to its port's signatures
(ADR 0002); the contract suites hold them to its behaviour. Nothing here runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import aiohttp

    from adapters.media.lazy_probe import LazyPyAvProbe
    from adapters.media.pyav_probe import PyAvProbe
    from adapters.memory.ads import MemoryAdsUnitOfWork
    from adapters.memory.clock import FakeClock, SequentialIds
    from adapters.memory.media_probe import FakeMediaProbe
    from adapters.memory.object_storage import MemoryObjectStorage
    from adapters.memory.tiktok import FakeTikTokApi
    from adapters.memory.unit_of_work import MemoryUnitOfWork
    from adapters.postgres.ads import PgAdsUnitOfWork
    from adapters.postgres.unit_of_work import PgUnitOfWork
    from adapters.storage.local import LocalObjectStorage
    from adapters.storage.s3 import S3ObjectStore
    from adapters.system.cipher import AesGcmCipher
    from adapters.system.clock import RandomIds, SystemClock
    from adapters.system.event_sender import StandardWebhookSender
    from adapters.system.notifier import LogNotifier
    from adapters.system.webhook_notifier import WebhookNotifier
    from adapters.telemetry.instrumented_tiktok import InstrumentedTikTokApi
    from adapters.telemetry.observed_uow import ObservedUnitOfWork
    from adapters.tiktok.client import TikTokHttpClient
    from application.ports import (
        Clock,
        IdGenerator,
        MediaProbe,
        Notifier,
        ObjectStorage,
        TikTokApi,
        TokenCipher,
    )
    from application.ports.ads import AdsUnitOfWork
    from application.ports.outgoing import EventSender
    from application.ports.repositories import UnitOfWork

    def clocks(system: SystemClock, fake: FakeClock) -> list[Clock]:
        return [system, fake]

    def ids(random: RandomIds, sequential: SequentialIds) -> list[IdGenerator]:
        return [random, sequential]

    def units_of_work(
        memory: MemoryUnitOfWork, postgres: PgUnitOfWork, observed: ObservedUnitOfWork
    ) -> list[UnitOfWork]:
        return [memory, postgres, observed]

    def ads_units_of_work(
        memory: MemoryAdsUnitOfWork, postgres: PgAdsUnitOfWork
    ) -> list[AdsUnitOfWork]:
        return [memory, postgres]

    def ciphers(cipher: AesGcmCipher) -> list[TokenCipher]:
        return [cipher]

    def tiktok_apis(
        fake: FakeTikTokApi, http: TikTokHttpClient, counted: InstrumentedTikTokApi
    ) -> list[TikTokApi]:
        return [fake, http, counted]

    def storages(
        memory: MemoryObjectStorage, local: LocalObjectStorage, s3: S3ObjectStore
    ) -> list[ObjectStorage]:
        return [memory, local, s3]

    def probes(fake: FakeMediaProbe, pyav: PyAvProbe, lazy: LazyPyAvProbe) -> list[MediaProbe]:
        return [fake, pyav, lazy]

    def notifiers(log: LogNotifier, webhook: WebhookNotifier) -> list[Notifier]:
        return [log, webhook]

    def event_senders(session: aiohttp.ClientSession) -> list[EventSender]:
        return [StandardWebhookSender(session)]
