"""The one place the application is assembled: adapters chosen by configuration.

``backend`` picks where state lives ("memory" now; "postgres" once its adapter lands),
``tiktok`` picks what the client talks to ("fake" in-process, or a base URL). Use-cases
are factories over the chosen adapters, so every entrypoint gets the same wiring.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from adapters.media.lazy_probe import LazyPyAvProbe
from adapters.memory.clock import FakeClock, SequentialIds
from adapters.memory.creator_info_cache import TtlCreatorInfoCache
from adapters.memory.media_probe import FakeMediaProbe
from adapters.memory.object_storage import MemoryObjectStorage
from adapters.memory.store import MemoryStore
from adapters.memory.tiktok import FakeTikTokApi
from adapters.memory.unit_of_work import MemoryUowFactory
from adapters.storage.local import LocalObjectStorage
from adapters.system.clock import RandomIds, SystemClock
from adapters.system.notifier import LogNotifier
from adapters.telemetry.instrumented_tiktok import InstrumentedTikTokApi
from adapters.telemetry.observed_uow import ObservedUowFactory
from adapters.telemetry.prometheus import PrometheusTelemetry
from adapters.tiktok.business_client import API_BASE as BUSINESS_API_BASE
from adapters.tiktok.business_client import AUTHORIZE_URL as BUSINESS_AUTHORIZE_URL
from adapters.tiktok.business_client import (
    BusinessClientConfig,
    TikTokBusinessClient,
    business_limits,
)
from adapters.tiktok.business_unconfigured import UnconfiguredBusinessApi
from adapters.tiktok.config import (
    API_BASE,
    AUTH_BASE,
    RATE_LIMITS,
    TikTokClientConfig,
)
from adapters.tiktok.limiter import RateLimiter
from application.publish_init import SendInit
from application.use_cases.alert_expiring_tokens import AlertExpiringTokens
from application.use_cases.approve_post import ApprovePost
from application.use_cases.authenticate_api_key import AuthenticateApiKey
from application.use_cases.channel_analytics import ChannelAnalytics
from application.use_cases.complete_oauth import CompleteOAuth
from application.use_cases.compute_insight import ComputeInsight
from application.use_cases.connect_channel import ConnectChannel
from application.use_cases.count_posts_by_state import CountPostsByState
from application.use_cases.create_post import CreatePost
from application.use_cases.creator_options import CreatorOptions
from application.use_cases.delete_webhook_endpoint import DeleteWebhookEndpoint
from application.use_cases.deliver_events import DeliverEvents
from application.use_cases.disconnect_channel import DisconnectChannel
from application.use_cases.edit_post import EditPost
from application.use_cases.handle_webhook_event import HandleWebhookEvent
from application.use_cases.issue_api_key import IssueApiKey
from application.use_cases.list_api_keys import ListApiKeys
from application.use_cases.list_channel_videos import ListChannelVideos
from application.use_cases.list_channels import ListChannels
from application.use_cases.list_events import ListEvents
from application.use_cases.list_posts import ListPosts
from application.use_cases.list_webhook_endpoints import ListWebhookEndpoints
from application.use_cases.manual_publish_kit import GetManualPublishKit
from application.use_cases.mark_post_manually_published import MarkPostManuallyPublished
from application.use_cases.move_post_to_manual import MovePostToManual
from application.use_cases.open_approval_link import OpenApprovalLink
from application.use_cases.open_console_session import OpenConsoleSession
from application.use_cases.post_metrics import ShowPostMetrics
from application.use_cases.preflight_post import PreflightPost
from application.use_cases.preview_post import PreviewPost
from application.use_cases.publish_due_post import PublishDuePost
from application.use_cases.publish_post_now import PublishPostNow
from application.use_cases.purge_disconnected_channels import PurgeDisconnectedChannels
from application.use_cases.reconcile_post import ReconcilePost
from application.use_cases.refresh_channel_token import RefreshChannelToken
from application.use_cases.register_webhook_endpoint import RegisterWebhookEndpoint
from application.use_cases.resend_event import ResendEvent
from application.use_cases.resume_console_session import ResumeConsoleSession
from application.use_cases.retry_post import RetryPost
from application.use_cases.revoke_api_key import RevokeApiKey
from application.use_cases.rotate_webhook_secret import RotateWebhookSecret
from application.use_cases.run_channel_round import RunChannelRound
from application.use_cases.run_housekeeping import RunHousekeeping
from application.use_cases.run_idempotent import RunIdempotent
from application.use_cases.run_publisher_pass import RunPublisherPass
from application.use_cases.run_sync_jobs import RunSyncJobs
from application.use_cases.run_token_upkeep import RunTokenUpkeep
from application.use_cases.run_tracker_pass import RunTrackerPass
from application.use_cases.schedule_post import SchedulePost
from application.use_cases.send_post_back import SendPostBack
from application.use_cases.set_return_origins import SetReturnOrigins
from application.use_cases.share_post_for_approval import SharePostForApproval
from application.use_cases.show_channel import ShowChannel
from application.use_cases.show_event import ShowEvent
from application.use_cases.show_post import ShowPost
from application.use_cases.show_return_origins import ShowReturnOrigins
from application.use_cases.show_sync_job import ShowSyncJob
from application.use_cases.show_webhook_endpoint import ShowWebhookEndpoint
from application.use_cases.start_sync import StartSync
from application.use_cases.sync_metrics import SyncMetrics
from application.use_cases.track_publish_status import TrackPublishStatus
from application.use_cases.unschedule_post import UnschedulePost
from application.use_cases.update_webhook_endpoint import UpdateWebhookEndpoint
from application.use_cases.upload_media import UploadMedia
from application.use_cases.validate_post import ValidatePost
from application.use_cases.verify_channel import VerifyChannel
from application.verified_keys import VerifiedKeys
from domain.secret import Secret
from domain.tracking import TrackingLimits
from entrypoints import builders, resources
from entrypoints.ads_container import ADS_DEFAULTS, AdsContainer
from entrypoints.lean_imports import optional_integrations_hidden
from entrypoints.log_context import Logged
from entrypoints.settings import (
    approval_link_key as derive_approval_link_key,
)
from entrypoints.settings import (
    data_dir,
    load_cipher,
    load_console_session_key,
    load_media_signing_key,
    load_metrics_token,
    return_origins,
)

with optional_integrations_hidden():
    from dependency_injector import containers, providers

DEFAULTS: dict[str, Any] = {
    "backend": "memory",
    "tiktok": "fake",
    "clock": "system",
    "storage": "memory",
    "probe": "fake",
    "redirect_uri": "http://127.0.0.1:8080/oauth/tiktok/callback",
    "log_level": "INFO",
    "tiktok_api_base": API_BASE,
    "tiktok_auth_base": AUTH_BASE,
    "tiktok_client_key": "",
    "tiktok_client_secret": "",
    "business_app_id": "",
    "business_secret": "",
    "business_api_base": BUSINESS_API_BASE,
    "business_authorize_url": BUSINESS_AUTHORIZE_URL,
    "business_redirect_uri": "http://127.0.0.1:8080/oauth/tiktok-business/callback/",
    "database_url": "",
    "data_dir": "",
    "token_keys": "",
    "keep_database": False,
    "run_migrations": True,
    "storage_dir": "",
    "media_base_url": "http://127.0.0.1:8080/media",
    "media_signing_key": "",  # empty: a random key kept in the data dir
    "worker_id": "worker-1",
    "lease_seconds": 900,
    "publish_batch": 10,
    "alert_webhook_url": "",
    "tiktok_request_timeout_s": 60.0,
    "retention_days": 30,
    "status_deadline_s": 7200,  # processing plus moderation; past it a person looks
    "return_origins": "",
    "metrics_token": "",  # empty: a random token kept in the data dir
    "console_session_key": "",  # empty: a random key kept in the data dir
    "console_session_hours": 12,  # a console session ends this long after sign-in
    "console_idle_minutes": 120,  # ... or after this long without a page
    "creator_info_cache_s": 30,  # creator-options answers from it (no wait on TikTok's window)
    "s3_bucket": "",
    "s3_endpoint_url": "",
    "s3_region": "us-east-1",
    "s3_access_key_id": "",
    "s3_secret_access_key": "",
    "events_allow_private": False,  # endpoints on http or private hosts (development)
    "event_retention_days": 30,
    "event_lease_seconds": 60,  # a killed delivery worker's events are sent again after this
    **ADS_DEFAULTS,
}


def flag(value: object) -> bool:
    """A boolean setting from the environment ("1", "true", "yes", "on") or a default."""
    return value is True or str(value).strip().lower() in {"1", "true", "yes", "on"}


def _storage_root(storage_dir: str, data_dir_setting: str) -> Path:
    return Path(storage_dir) if storage_dir else data_dir(data_dir_setting) / "objects"


class Container(containers.DeclarativeContainer):
    config = providers.Configuration()

    clock = providers.Selector(
        config.clock, system=providers.Singleton(SystemClock), fake=providers.Singleton(FakeClock)
    )
    ids = providers.Selector(
        config.clock, system=providers.Singleton(RandomIds), fake=providers.Singleton(SequentialIds)
    )

    memory_store = providers.Singleton(MemoryStore)
    cipher = providers.Singleton(load_cipher, config.token_keys, config.data_dir)
    # The resources of the process: started and stopped by ``open_resources``, which
    # starts only those the configuration uses (``RESOURCES_IN_USE``).
    http_session = providers.Resource(resources.http_session)
    database = providers.Resource(
        resources.database,
        config.database_url,
        config.data_dir,
        providers.Callable(flag, config.keep_database),
        providers.Callable(flag, config.run_migrations),
    )
    db_pool = database.provided.pool
    s3_store = providers.Resource(
        resources.s3_store,
        config.s3_bucket,
        config.s3_endpoint_url,
        config.s3_region,
        config.s3_access_key_id,
        config.s3_secret_access_key,
    )
    telemetry = providers.Singleton(PrometheusTelemetry)
    uow_backend = providers.Selector(
        config.backend,
        memory=providers.Singleton(MemoryUowFactory, memory_store),
        postgres=providers.Singleton(builders.pg_uow, db_pool, cipher),
    )
    # What the use-cases get: the backend, reporting committed post changes to telemetry.
    uow = providers.Singleton(ObservedUowFactory, uow_backend, telemetry)
    notifier = providers.Selector(
        providers.Callable(lambda url: "webhook" if url else "log", config.alert_webhook_url),
        log=providers.Singleton(LogNotifier),
        webhook=providers.Singleton(
            builders.webhook_notifier, http_session, config.alert_webhook_url
        ),
    )
    tiktok_config = providers.Singleton(
        TikTokClientConfig,
        client_key=config.tiktok_client_key,
        client_secret=providers.Factory(Secret, config.tiktok_client_secret),
        api_base=config.tiktok_api_base,
        auth_base=config.tiktok_auth_base,
        request_timeout_s=config.tiktok_request_timeout_s.as_float(),
    )
    # Rate windows shared by every process when state lives in Postgres.
    rate_limiter = providers.Selector(
        config.backend,
        memory=providers.Singleton(RateLimiter, RATE_LIMITS),
        postgres=providers.Singleton(builders.pg_rate_limiter, db_pool, RATE_LIMITS),
    )
    tiktok_api = providers.Selector(
        config.tiktok,
        fake=providers.Singleton(FakeTikTokApi),
        http=providers.Singleton(
            builders.tiktok_http_client, http_session, tiktok_config, rate_limiter
        ),
    )
    tiktok = providers.Singleton(InstrumentedTikTokApi, tiktok_api, telemetry)
    storage = providers.Selector(
        config.storage,
        memory=providers.Singleton(MemoryObjectStorage),
        s3=s3_store,
        local=providers.Singleton(
            LocalObjectStorage,
            providers.Callable(_storage_root, config.storage_dir, config.data_dir),
            public_base_url=config.media_base_url,
            signing_key=providers.Callable(
                load_media_signing_key, config.media_signing_key, config.data_dir
            ),
        ),
    )
    probe = providers.Selector(
        config.probe,
        fake=providers.Singleton(FakeMediaProbe),
        pyav=providers.Singleton(LazyPyAvProbe),
    )

    # ---- use-cases ---------------------------------------------------------------
    validate_post = providers.Factory(ValidatePost, storage=storage, probe=probe)
    upload_media = providers.Factory(UploadMedia, storage=storage, ids=ids)
    create_post = providers.Factory(CreatePost, uow=uow, tiktok=tiktok, clock=clock, ids=ids)
    edit_post = providers.Factory(EditPost, uow=uow, clock=clock)
    approve_post = providers.Factory(ApprovePost, uow=uow, clock=clock)
    schedule_post = providers.Factory(
        SchedulePost, uow=uow, clock=clock, tiktok=tiktok, validate=validate_post
    )
    publish_post_now = providers.Factory(
        PublishPostNow, uow=uow, clock=clock, tiktok=tiktok, validate=validate_post
    )
    unschedule_post = providers.Factory(UnschedulePost, uow=uow, clock=clock)
    retry_post = providers.Factory(RetryPost, uow=uow, clock=clock)
    move_post_to_manual = providers.Factory(MovePostToManual, uow=uow, clock=clock)
    mark_post_manually_published = providers.Factory(
        MarkPostManuallyPublished, uow=uow, clock=clock
    )
    manual_publish_kit = providers.Factory(GetManualPublishKit, uow=uow, storage=storage)
    configured_origins = providers.Singleton(return_origins, config.return_origins)
    metrics_token = providers.Singleton(load_metrics_token, config.metrics_token, config.data_dir)
    console_session_key = providers.Singleton(
        load_console_session_key, config.console_session_key, config.data_dir
    )
    approval_link_key = providers.Singleton(derive_approval_link_key, console_session_key)
    preview_post = providers.Factory(PreviewPost, uow=uow, storage=storage)
    share_post_for_approval = providers.Factory(
        SharePostForApproval, uow=uow, clock=clock, key=approval_link_key
    )
    open_approval_link = providers.Factory(
        OpenApprovalLink, preview=preview_post, clock=clock, key=approval_link_key
    )
    send_post_back = providers.Factory(SendPostBack, uow=uow, clock=clock)
    connect_channel = providers.Factory(
        ConnectChannel,
        uow=uow,
        tiktok=tiktok,
        clock=clock,
        ids=ids,
        redirect_uri=config.redirect_uri,
        allowed_origins=configured_origins,
    )
    show_return_origins = providers.Factory(
        ShowReturnOrigins, uow=uow, configured=configured_origins
    )
    set_return_origins = providers.Factory(SetReturnOrigins, uow=uow, configured=configured_origins)
    complete_oauth = providers.Factory(CompleteOAuth, uow=uow, tiktok=tiktok, clock=clock, ids=ids)
    refresh_channel_token = providers.Factory(
        RefreshChannelToken, uow=uow, tiktok=tiktok, clock=clock, notifier=notifier
    )
    verify_channel = providers.Factory(VerifyChannel, uow=uow, tiktok=tiktok, clock=clock)
    disconnect_channel = providers.Factory(DisconnectChannel, uow=uow, tiktok=tiktok, clock=clock)
    sync_metrics = providers.Factory(SyncMetrics, uow=uow, tiktok=tiktok, clock=clock)
    compute_insight = providers.Factory(ComputeInsight, uow=uow, clock=clock)
    handle_webhook_event = providers.Factory(
        HandleWebhookEvent, uow=uow, clock=clock, notifier=notifier
    )
    send_init = providers.Factory(SendInit, tiktok=tiktok, storage=storage, validate=validate_post)
    # Each post a worker publishes is a job: its ids in the log context, one line at its end.
    publish_due_post = providers.Factory(
        Logged,
        "publish_due_post",
        providers.Factory(
            PublishDuePost,
            uow=uow,
            init=send_init,
            refresh=refresh_channel_token,
            clock=clock,
            notifier=notifier,
        ),
    )
    reconcile_post = providers.Factory(
        ReconcilePost, uow=uow, tiktok=tiktok, clock=clock, notifier=notifier
    )
    track_publish_status = providers.Factory(
        TrackPublishStatus,
        uow=uow,
        tiktok=tiktok,
        clock=clock,
        notifier=notifier,
        storage=storage,
        reconcile=reconcile_post,
        refresh=refresh_channel_token,
        limits=providers.Factory(
            TrackingLimits,
            deadline=providers.Factory(timedelta, seconds=config.status_deadline_s.as_float()),
        ),
    )
    run_publisher_pass = providers.Factory(
        RunPublisherPass,
        uow=uow,
        publish=publish_due_post,
        clock=clock,
        worker_id=config.worker_id,
        batch=config.publish_batch.as_int(),
        lease_for=providers.Factory(timedelta, seconds=config.lease_seconds.as_int()),
    )
    run_tracker_pass = providers.Factory(
        RunTrackerPass, uow=uow, track=track_publish_status, clock=clock
    )
    alert_expiring_tokens = providers.Factory(
        AlertExpiringTokens, uow=uow, notifier=notifier, clock=clock
    )
    run_token_upkeep = providers.Factory(
        RunTokenUpkeep,
        uow=uow,
        refresh=refresh_channel_token,
        alert=alert_expiring_tokens,
        clock=clock,
    )
    run_metrics_round = providers.Factory(RunChannelRound, uow=uow, action=sync_metrics)
    purge_disconnected = providers.Factory(
        PurgeDisconnectedChannels,
        uow=uow,
        clock=clock,
        retention=providers.Factory(timedelta, days=config.retention_days.as_int()),
    )
    run_housekeeping = providers.Factory(
        RunHousekeeping,
        uow=uow,
        clock=clock,
        purge=purge_disconnected,
        keep_events_for=providers.Factory(timedelta, days=config.event_retention_days.as_int()),
    )

    # ---- the Business API for TikTok Accounts (insights, comments) -------------------
    business_config = providers.Singleton(
        BusinessClientConfig,
        app_id=config.business_app_id,
        secret=providers.Factory(Secret, config.business_secret),
        api_base=config.business_api_base,
        authorize_url=config.business_authorize_url,
    )
    business_limiter = providers.Selector(
        config.backend,
        memory=providers.Singleton(RateLimiter, business_limits()),
        postgres=providers.Singleton(builders.pg_rate_limiter, db_pool, business_limits()),
    )
    business_api = providers.Selector(
        providers.Callable(lambda app_id: "http" if app_id else "off", config.business_app_id),
        http=providers.Singleton(
            TikTokBusinessClient,
            session=http_session,
            config=business_config,
            limiter=business_limiter,
        ),
        off=providers.Singleton(UnconfiguredBusinessApi),
    )
    business = providers.Singleton(
        builders.business,  # its use-cases imported when first built (not by a publisher)
        uow=uow,
        api=business_api,
        clock=clock,
        ids=ids,
        notifier=notifier,
        redirect_uri=config.business_redirect_uri,
        app_id=config.business_app_id,
        secret=config.business_secret,
        allowed_origins=providers.Callable(tuple, configured_origins),
    )

    # ---- the /v1 API's reads and organisation keys ---------------------------------
    issue_api_key = providers.Factory(IssueApiKey, uow=uow, clock=clock, ids=ids)
    verified_keys = providers.Singleton(VerifiedKeys)  # per process, a second at most
    authenticate_api_key = providers.Factory(
        AuthenticateApiKey, uow=uow, clock=clock, verified=verified_keys
    )
    open_console_session = providers.Factory(
        OpenConsoleSession, uow=uow, clock=clock, authenticate=authenticate_api_key
    )
    resume_console_session = providers.Factory(
        ResumeConsoleSession,
        uow=uow,
        clock=clock,
        verified=verified_keys,
        lifetime=providers.Factory(timedelta, hours=config.console_session_hours.as_float()),
        idle=providers.Factory(timedelta, minutes=config.console_idle_minutes.as_float()),
    )
    revoke_api_key = providers.Factory(RevokeApiKey, uow=uow, clock=clock, verified=verified_keys)
    list_api_keys = providers.Factory(ListApiKeys, uow=uow)
    run_idempotent = providers.Factory(RunIdempotent, uow=uow, clock=clock)
    list_channels = providers.Factory(ListChannels, uow=uow)
    show_channel = providers.Factory(ShowChannel, uow=uow, clock=clock)
    list_channel_videos = providers.Factory(ListChannelVideos, uow=uow, tiktok=tiktok)
    creator_info_cache = providers.Singleton(
        TtlCreatorInfoCache,
        providers.Factory(timedelta, seconds=config.creator_info_cache_s.as_float()),
    )
    creator_options = providers.Factory(
        CreatorOptions, uow=uow, tiktok=tiktok, clock=clock, cache=creator_info_cache
    )
    channel_analytics = providers.Factory(ChannelAnalytics, uow=uow, clock=clock)
    list_posts = providers.Factory(ListPosts, uow=uow)
    count_posts_by_state = providers.Factory(CountPostsByState, uow=uow)
    show_post = providers.Factory(ShowPost, uow=uow)
    preflight_post = providers.Factory(
        PreflightPost, uow=uow, tiktok=tiktok, validate=validate_post, clock=clock
    )
    run_insights_round = providers.Factory(RunChannelRound, uow=uow, action=compute_insight)

    # ---- outgoing events for integrating platforms (ADR 0020) -----------------------
    event_sender = providers.Singleton(builders.event_sender, http_session)
    allow_private_endpoints = providers.Callable(flag, config.events_allow_private)
    register_webhook_endpoint = providers.Factory(
        RegisterWebhookEndpoint,
        uow=uow,
        clock=clock,
        ids=ids,
        allow_insecure=allow_private_endpoints,
    )
    update_webhook_endpoint = providers.Factory(
        UpdateWebhookEndpoint, uow=uow, clock=clock, allow_insecure=allow_private_endpoints
    )
    delete_webhook_endpoint = providers.Factory(DeleteWebhookEndpoint, uow=uow)
    rotate_webhook_secret = providers.Factory(RotateWebhookSecret, uow=uow, clock=clock, ids=ids)
    list_webhook_endpoints = providers.Factory(ListWebhookEndpoints, uow=uow)
    show_webhook_endpoint = providers.Factory(ShowWebhookEndpoint, uow=uow)
    list_events = providers.Factory(ListEvents, uow=uow)
    show_event = providers.Factory(ShowEvent, uow=uow)
    resend_event = providers.Factory(ResendEvent, uow=uow, clock=clock)
    start_sync = providers.Factory(StartSync, uow=uow, clock=clock, ids=ids)
    show_sync_job = providers.Factory(ShowSyncJob, uow=uow)
    run_sync_jobs = providers.Factory(
        RunSyncJobs, uow=uow, clock=clock, sync=sync_metrics, worker_id=config.worker_id
    )
    show_post_metrics = providers.Factory(ShowPostMetrics, uow=uow)
    deliver_events = providers.Factory(
        DeliverEvents,
        uow=uow,
        clock=clock,
        sender=event_sender,
        notifier=notifier,
        worker_id=config.worker_id,
        jitter=providers.Object(random.random),
        lease_for=providers.Factory(timedelta, seconds=config.event_lease_seconds.as_int()),
    )
    # ---- ads (TikTok Marketing API): its own unit of work and use-cases -------------
    ads_parts = providers.Container(
        AdsContainer,
        config=config,
        clock=clock,
        ids=ids,
        cipher=cipher,
        db_pool=db_pool,
        http_session=http_session,
        storage=storage,
        posts_uow=uow,
        outgoing=memory_store.provided.outgoing,
    )
    ads = ads_parts.ads


@asynccontextmanager
async def open_container(
    *, run_migrations: bool = True, **overrides: Any
) -> AsyncIterator[Container]:
    """A container whose resources (the HTTP session, the database pool, the embedded
    server when no DATABASE_URL is set, the S3 client) live as long as the block."""
    container = build_container(run_migrations=run_migrations, **overrides)
    async with open_resources(container):
        yield container


def resources_in_use(container: Container) -> list[providers.Resource[Any]]:
    """The resources this configuration uses, in the order they start."""
    config = container.config
    used: list[providers.Resource[Any]] = [container.http_session]
    if config.backend() == "postgres":
        used.append(container.database)
    if config.storage() == "s3":
        used.append(container.s3_store)
    return used


@asynccontextmanager
async def open_resources(container: Container) -> AsyncIterator[Container]:
    """Start the resources the configuration uses, and on exit stop every one that
    started, through the container (``shutdown_resources``)."""
    started: list[providers.Resource[Any]] = []
    try:
        for resource in resources_in_use(container):
            started.append(resource)
            await _awaited(resource.init())
            # Started, a resource hands out its object directly: the use-case factories
            # that depend on it stay synchronous (no awaiting ``container.create_post()``).
            resource.disable_async_mode()
        yield container
    finally:
        for resource in started:
            resource.enable_async_mode()  # so shutdown_resources awaits their tear-down
        await _awaited(container.shutdown_resources())


async def _awaited(result: Awaitable[Any] | None) -> None:
    if result is not None:
        await result


def build_container(**overrides: Any) -> Container:
    """A container on the embedded defaults, with ``overrides`` (and nothing else) changed."""
    container = Container()
    container.config.from_dict(
        {**DEFAULTS, **{k: v for k, v in overrides.items() if v is not None}}
    )
    return container
