"""The /v1 routes in one table: registered on the app and described in the OpenAPI spec."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import attrs
from aiohttp import web

from domain.outgoing_events import EventType
from entrypoints.http.v1 import (
    ads,
    api_keys,
    business,
    channels,
    events,
    media_upload,
    posts,
    sync_jobs,
)
from entrypoints.http.v1 import analytics_responses as a
from entrypoints.http.v1 import business_responses as b
from entrypoints.http.v1 import channel_responses as ch
from entrypoints.http.v1 import event_schemas as es
from entrypoints.http.v1 import preflight_responses as pf
from entrypoints.http.v1 import responses as r
from entrypoints.http.v1 import schemas as s

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.frozen
class Query:
    name: str
    kind: str = "string"  # "string" or "integer"
    description: str = ""
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    required: bool = False
    max_length: int = 200  # for strings: longer values are refused (400)


@attrs.frozen
class Route:
    method: str
    path: str
    handler: Handler
    summary: str
    tag: str
    ok: int = 200
    body: type | None = None
    query: tuple[Query, ...] = ()
    idempotent: bool = False
    response: type | None = None  # the response class (the OpenAPI document requires one)
    raw_body: tuple[str, ...] = ()  # media types of a raw (non-JSON) body


P, C, E = "{post_id}", "{channel_id}", "{endpoint_id}"
DAYS = Query("days", "integer", "how many days back", minimum=1, maximum=400)
STATUSES = (
    "draft",
    "client_approved",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "manual_pending",
)

ROUTES: tuple[Route, ...] = (
    Route(
        "POST",
        "/v1/channels/connect",
        channels.start_connect,
        "Start connecting a TikTok account: the authorize URL (single-use state)",
        "channels",
        201,
        s.ConnectIn,
        response=r.ConnectStartedOut,
    ),
    Route(
        "GET",
        "/v1/organisation/return-origins",
        channels.show_return_origins,
        "Origins allowed as OAuth return URLs: the organisation's and the configured ones",
        "channels",
        response=r.ReturnOriginsOut,
    ),
    Route(
        "PUT",
        "/v1/organisation/return-origins",
        channels.set_return_origins,
        "Replace the organisation's allowed return origins (scheme://host[:port])",
        "channels",
        body=s.ReturnOriginsIn,
        response=r.ReturnOriginsOut,
    ),
    Route(
        "POST",
        "/v1/channels/exchange",
        channels.exchange_code,
        "Finish a connection whose TikTok redirect reached another app's page (code, state)",
        "channels",
        201,
        s.ExchangeIn,
        response=ch.ExchangedOut,
    ),
    Route(
        "GET",
        "/v1/channels",
        channels.list_channels,
        "List channels",
        "channels",
        response=r.ChannelList,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}",
        channels.show_channel,
        "Show a channel: profile and account metrics",
        "channels",
        response=r.ChannelOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/videos",
        channels.channel_videos,
        "The channel's videos as TikTok lists them",
        "channels",
        response=r.VideosOut,
        query=(
            Query("cursor", description="the cursor TikTok returned"),
            Query("max_count", "integer", minimum=1, maximum=20),
        ),
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/creator-options",
        channels.creator_options,
        "Privacy options (no default), disabled interactions, max duration",
        "channels",
        response=ch.CreatorOptionsOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/verify",
        channels.verify_channel,
        "Health check against TikTok",
        "channels",
        response=ch.ChannelHealthOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/refresh",
        channels.refresh_channel,
        "Refresh the access token now",
        "channels",
        response=ch.RefreshedOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/sync",
        channels.sync_channel,
        "Sync account and video metrics now",
        "channels",
        response=ch.MetricsSyncedOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/disconnect",
        channels.disconnect_channel,
        "Disconnect: revoke at TikTok; TikTok data purged after the retention period",
        "channels",
        response=ch.DisconnectedOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/insights/latest",
        channels.latest_insight,
        "The latest ChannelInsight",
        "analytics",
        response=a.InsightOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/insights",
        channels.compute_insight,
        "Compute a ChannelInsight now",
        "analytics",
        201,
        response=a.InsightOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/metrics/videos",
        channels.video_metrics,
        "Video metric snapshots",
        "analytics",
        query=(DAYS,),
        response=a.VideoSnapshotList,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/metrics/account",
        channels.account_metrics,
        "Account metrics history",
        "analytics",
        query=(DAYS,),
        response=a.AccountSnapshotList,
    ),
    Route(
        "POST",
        "/v1/posts",
        posts.create_post,
        "Create a draft post (video or photos)",
        "posts",
        201,
        s.CreatePostIn,
        idempotent=True,
        response=r.CreatedPost,
    ),
    Route(
        "GET",
        "/v1/posts",
        posts.list_posts,
        "List posts (filters, keyset paging)",
        "posts",
        query=(
            Query("status", enum=STATUSES),
            Query("channel_id"),
            Query("limit", "integer", minimum=1, maximum=200),
            Query("after", description="next_after of the previous page"),
        ),
        response=r.PostPage,
    ),
    Route(
        "GET",
        f"/v1/posts/{P}",
        posts.show_post,
        "Show a post with its audit trail",
        "posts",
        response=r.PostOut,
    ),
    Route(
        "PATCH",
        f"/v1/posts/{P}",
        posts.edit_post,
        "Edit a draft (voids any approval)",
        "posts",
        body=s.EditPostIn,
        response=r.PostOut,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/approve",
        posts.approve_post,
        "Client approval",
        "posts",
        body=s.ApproveIn,
        response=r.PostOut,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/schedule",
        posts.schedule_post,
        "Schedule (after the pre-flight; warns of daily and inbox caps)",
        "posts",
        body=s.ScheduleIn,
        response=r.Readiness,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/publish-now",
        posts.publish_now,
        "Publish as soon as possible",
        "posts",
        202,
        idempotent=True,
        response=r.Readiness,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/retry",
        posts.retry_post,
        "Retry a failed post",
        "posts",
        body=s.RetryIn,
        response=r.PostOut,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/cancel",
        posts.cancel_post,
        "Take a scheduled post off the schedule",
        "posts",
        response=r.PostOut,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/validate",
        posts.validate_post,
        "Pre-flight report of the post's media",
        "posts",
        response=pf.ValidationOut,
    ),
    Route(
        "GET",
        f"/v1/posts/{P}/manual-kit",
        posts.manual_kit,
        "Manual-publish assist: caption, signed asset links, TikTok deep link",
        "posts",
        response=pf.ManualKitOut,
    ),
    Route(
        "POST",
        f"/v1/posts/{P}/mark-published",
        posts.mark_published,
        "Mark a manual post as published by hand",
        "posts",
        body=s.MarkPublishedIn,
        response=r.PostOut,
    ),
    Route(
        "POST",
        "/v1/media",
        media_upload.upload_media,
        "Upload a media file into the organisation's storage prefix",
        "media",
        201,
        query=(Query("name", description="the file name to keep", required=True),),
        raw_body=tuple(sorted(media_upload.TYPES)),
        response=ch.StoredMediaOut,
    ),
    Route(
        "GET",
        "/v1/api-keys",
        api_keys.list_keys,
        "List the organisation's API keys",
        "api-keys",
        response=ch.ApiKeyList,
    ),
    Route(
        "POST",
        "/v1/api-keys",
        api_keys.create_key,
        "Issue another API key (shown once)",
        "api-keys",
        201,
        s.ApiKeyIn,
        response=ch.IssuedKeyOut,
    ),
    Route(
        "DELETE",
        "/v1/api-keys/{key_id}",
        api_keys.revoke_key,
        "Revoke an API key",
        "api-keys",
        response=ch.ApiKeyOut,
    ),
    Route(
        "POST",
        "/v1/webhook-endpoints",
        events.create_endpoint,
        "Register an endpoint for outgoing events (its signing secret is shown once)",
        "events",
        201,
        es.EndpointIn,
        response=es.EndpointCreated,
    ),
    Route(
        "GET",
        "/v1/webhook-endpoints",
        events.list_endpoints,
        "List the organisation's event endpoints",
        "events",
        response=es.EndpointList,
    ),
    Route(
        "GET",
        f"/v1/webhook-endpoints/{E}",
        events.show_endpoint,
        "An endpoint with its recent deliveries and their attempts",
        "events",
        query=(
            Query("status", enum=("pending", "delivered", "failed")),
            Query("limit", "integer", minimum=1, maximum=200),
        ),
        response=es.EndpointDetail,
    ),
    Route(
        "PATCH",
        f"/v1/webhook-endpoints/{E}",
        events.update_endpoint,
        "Change an endpoint's URL, event types or description; enable or disable it",
        "events",
        body=es.EndpointPatchIn,
        response=es.Endpoint,
    ),
    Route(
        "DELETE",
        f"/v1/webhook-endpoints/{E}",
        events.delete_endpoint,
        "Delete an endpoint and its pending deliveries",
        "events",
        response=es.Deleted,
    ),
    Route(
        "POST",
        f"/v1/webhook-endpoints/{E}/rotate-secret",
        events.rotate_secret,
        "A new signing secret; the old one keeps signing through the overlap",
        "events",
        body=es.RotateIn,
        response=es.EndpointCreated,
    ),
    Route(
        "GET",
        "/v1/events",
        events.list_events,
        "The organisation's outgoing events, oldest first",
        "events",
        query=(
            Query("type", enum=tuple(t.value for t in EventType)),
            Query("subject_id", description="a post or channel id"),
            Query("after", description="the next_after of the previous page"),
            Query("limit", "integer", minimum=1, maximum=200),
        ),
        response=es.EventList,
    ),
    Route(
        "GET",
        "/v1/events/{event_id}",
        events.show_event,
        "One outgoing event",
        "events",
        response=es.Event,
    ),
    Route(
        "POST",
        "/v1/events/{event_id}/resend",
        events.resend_event,
        "Send an event again (same webhook-id), to one endpoint or to all that want it",
        "events",
        202,
        es.ResendIn,
        response=es.Resent,
    ),
    Route(
        "POST",
        "/v1/sync-jobs",
        sync_jobs.start_sync,
        "Sync metrics, videos or both now, for every channel or one: a job to follow",
        "channels",
        202,
        sync_jobs.SyncIn,
        response=sync_jobs.SyncJobOut,
    ),
    Route(
        "GET",
        "/v1/sync-jobs/{job_id}",
        sync_jobs.show_sync_job,
        "A sync job's progress",
        "channels",
        response=sync_jobs.SyncJobOut,
    ),
    Route(
        "GET",
        f"/v1/posts/{P}/metrics",
        posts.post_metrics,
        "The post's TikTok metrics over time (views, likes, comments, shares)",
        "analytics",
        response=a.PostMetricsOut,
    ),
)
ROUTES += ads.routes(Route, Query)  # /v1/ads (entrypoints/http/v1/ads.py)


K = "{comment_id}"
# The Business API for TikTok Accounts (issue 17): connections, Accounts API analytics,
# the channel's time zone and the comments inbox.
BUSINESS_ROUTES: tuple[Route, ...] = (
    Route(
        "GET",
        f"/v1/channels/{C}/connections",
        business.connections,
        "The channel's connections (Login Kit, Accounts API), each with its capabilities",
        "channels",
        response=b.ConnectionsOut,
    ),
    Route(
        "PUT",
        f"/v1/channels/{C}/time-zone",
        business.set_time_zone,
        "The IANA time zone the channel's insight reads days and hours in",
        "channels",
        body=business.TimeZoneIn,
        response=b.TimeZoneOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/accounts-api/sync",
        business.sync,
        "Sync the Accounts API's daily metrics (60 days), audience and video insights now",
        "analytics",
        response=b.InsightsSyncedOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/accounts-api/analytics",
        business.analytics,
        "Stored Accounts API metrics: daily account metrics, audience, video insights",
        "analytics",
        query=(DAYS,),
        response=b.BusinessAnalyticsOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/accounts-api/refresh",
        business.refresh,
        "Refresh the Accounts API access token now",
        "channels",
        response=b.BusinessRefreshedOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/accounts-api/disconnect",
        business.disconnect,
        "Disconnect the Accounts API connection (revoked; its data purged after retention)",
        "channels",
        response=b.BusinessDisconnectedOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/conversations",
        business.inbox,
        "The comment inbox: one conversation per video, with unread counts",
        "comments",
        response=b.InboxOut,
    ),
    Route(
        "GET",
        f"/v1/channels/{C}/conversations/{{video_id}}",
        business.thread,
        "A video's comments and replies; reading marks them read unless peek=true",
        "comments",
        query=(Query("peek", enum=("true", "false")),),
        response=b.ThreadOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/comments/sync",
        business.sync_comments,
        "List the comments at TikTok and store what the webhooks missed",
        "comments",
        body=business.CommentSyncIn,
        response=b.CommentsSyncedOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/comments/{K}/reply",
        business.reply,
        "Reply to a comment, exactly once (retries find the first reply)",
        "comments",
        201,
        business.ReplyIn,
        idempotent=True,
        response=b.ReplyOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/comments/{K}/hide",
        business.hide,
        "Hide a comment at TikTok",
        "comments",
        response=b.CommentOut,
    ),
    Route(
        "POST",
        f"/v1/channels/{C}/comments/{K}/unhide",
        business.unhide,
        "Show a hidden comment again",
        "comments",
        response=b.CommentOut,
    ),
    Route(
        "DELETE",
        f"/v1/channels/{C}/comments/{K}",
        business.delete,
        "Delete one of the account's own comments or replies",
        "comments",
        response=b.CommentOut,
    ),
)
ROUTES = ROUTES + BUSINESS_ROUTES


def _bounded(route: Route) -> Handler:
    """The route's handler, refusing a string query value longer than documented."""

    async def handler(request: web.Request) -> web.StreamResponse:
        for q in route.query:
            value = request.query.get(q.name)
            if q.kind == "string" and value is not None and len(value) > q.max_length:
                raise web.HTTPBadRequest(
                    reason=f"{q.name} must be at most {q.max_length} characters"
                )
        return await route.handler(request)

    return handler


def add_routes(app: web.Application) -> None:
    for route in ROUTES:
        app.router.add_route(route.method, route.path, _bounded(route))
