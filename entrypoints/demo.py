"""The main job, offline, on embedded defaults: the whole product against the sandbox,
driven through the HTTP API the way an integrator would.

Starts the embedded PostgreSQL (or uses DATABASE_URL), the local object store, the TikTok
sandbox and the API with its workers, all on loopback. Then, over HTTP with an API key:
connects a channel through the OAuth redirect flow; uploads a generated 9:16 H.264/AAC
video large enough for several chunks; creates, approves and schedules a post a few
seconds ahead; the publisher worker uploads it in chunks and TikTok's webhook marks it
published; a post with a bad video is refused pre-flight; a photo post goes to the
inbox; metrics are synced and an insight computed. Then a business account is connected
through the Accounts API, its 60 days of metrics and video insights synced, its insight's
completion-rate trend and watch time shown, and a fan's comment (arriving by webhook)
answered by a reply. All along, the platform's own receiver (aiohttp and the
standardwebhooks package, nothing of ours) gets every outgoing event and verifies it.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import aiohttp
import attrs
from aiohttp import web

from entrypoints.demo_ads import marketing_settings, render_ads, run_ads

if TYPE_CHECKING:
    from entrypoints.container import Container

DEMO_VIDEO_BYTES = 36_000_000  # three chunks: 10 MB, 10 MB and the 16 MB rest
CLIENT_KEY, CLIENT_SECRET = "demo-client-key", "demo-client-secret"
BUSINESS_SECRET = "demo-business-secret"
ORG = "demo-org"
WAIT_S = 90.0


class DemoFailed(RuntimeError):
    """A step did not answer as it should; the message says which and what came back."""


@attrs.define
class DemoReport:
    channel: dict[str, Any] = attrs.Factory(dict)
    post: dict[str, Any] = attrs.Factory(dict)
    bad_video_refusal: list[str] = attrs.Factory(list)
    photo_post: dict[str, Any] = attrs.Factory(dict)
    insight: dict[str, Any] = attrs.Factory(dict)
    business_channel: dict[str, Any] = attrs.Factory(dict)
    business_insight: dict[str, Any] = attrs.Factory(dict)
    comment: dict[str, Any] = attrs.Factory(dict)
    reply: dict[str, Any] = attrs.Factory(dict)
    business_days: int = 0
    chunks: int = 0
    video_bytes: int = 0
    webhooks_applied: int = 0
    timings: dict[str, float] = attrs.Factory(dict)
    tiktok_posts: int = 0
    urls: dict[str, str] = attrs.Factory(dict)
    api_key: str = attrs.field(default="", repr=False)
    ads: dict[str, Any] = attrs.Factory(dict)
    events_written: int = 0
    events: list[dict[str, Any]] = attrs.Factory(list)  # verified by the platform
    events_refused: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.post.get("status") == "published"
            and bool(self.bad_video_refusal)
            and self.tiktok_posts == 1
            and self.webhooks_applied >= 1
            and self.photo_post.get("tracking") == "sent_to_inbox"
            and bool(self.business_insight.get("completion_trend", {}).get("available"))
            and self.reply.get("state") == "posted"
            and self.ads.get("review") == "approved"
            and self.events_refused == 0
            and len({e["webhook_id"] for e in self.events}) == self.events_written > 0
        )


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


@attrs.define
class Stack:
    container: Container
    sandbox: Any
    api: str
    sandbox_url: str


@contextlib.asynccontextmanager
async def _stack(
    data_dir: Path | None,
    progress: Callable[[int], None],
    *,
    backend: str = "postgres",
    auto_approve: bool = True,
    loops: tuple[str, ...] = ("tokens", "events"),
) -> AsyncIterator[Stack]:
    """Sandbox, container, the API (with its media links and webhook receiver) and the
    workers, all on loopback; torn down after. ``auto_approve``: the sandbox's consent
    page approves at once (off: a person presses Authorize or Cancel)."""
    from adapters.sandbox.app import create_app as create_sandbox
    from adapters.sandbox.business import BUSINESS, BusinessSettings
    from adapters.sandbox.keys import SANDBOX
    from adapters.sandbox.settings import SandboxSettings
    from entrypoints.container import open_container
    from entrypoints.http.app import create_app
    from entrypoints.settings import data_dir as resolve_data_dir
    from entrypoints.settings import from_env
    from entrypoints.workers import LOOPS, publisher

    env = from_env()
    root = data_dir or resolve_data_dir(env.get("data_dir"))
    sandbox = create_sandbox(
        SandboxSettings(
            client_key=CLIENT_KEY,
            client_secret=CLIENT_SECRET,
            auto_approve=auto_approve,
            processing_delay=0.5,
            moderation_delay=0.0,
        ),
        business_settings=BusinessSettings(secret=BUSINESS_SECRET),
    )
    sandbox_runner, sandbox_base = await _serve(sandbox)
    settings: dict[str, Any] = {
        **env,
        "backend": backend,
        "tiktok": "http",
        "storage": "local",
        "probe": "pyav",
        "data_dir": str(root),
        "tiktok_api_base": sandbox_base,
        "tiktok_auth_base": sandbox_base,
        "tiktok_client_key": CLIENT_KEY,
        "tiktok_client_secret": CLIENT_SECRET,
        "business_app_id": sandbox[BUSINESS].settings.app_id,
        "business_secret": BUSINESS_SECRET,
        "business_api_base": sandbox_base,
        "business_authorize_url": f"{sandbox_base}/tt_user/auth/authorize/",
        "worker_id": "demo-worker",
        **marketing_settings(sandbox_base),
        "events_allow_private": True,  # the platform's receiver listens on loopback
    }
    stop = asyncio.Event()
    try:
        async with open_container(**settings) as c:
            api_runner, api = await _serve(create_app(c))
            # Known once the API listens: its callback, its media links, its webhook door.
            c.config.from_dict(
                {
                    "redirect_uri": f"{api}/oauth/tiktok/callback",
                    "business_redirect_uri": f"{api}/oauth/tiktok-business/callback/",
                }
            )
            c.storage().public_base_url = f"{api}/media"
            sandbox[SANDBOX].settings.verified_prefixes = (f"{api}/media/",)
            sandbox[SANDBOX].settings.webhook_url = f"{api}/connect/webhook/tiktok"
            sandbox[BUSINESS].settings.webhook_url = f"{api}/connect/webhook/tiktok-business"
            c.config.from_dict({"ads_review_callback_url": f"{api}/connect/webhook/tiktok-ads"})
            workers = asyncio.gather(
                publisher(c, stop, progress=progress),
                *(LOOPS[name](c, stop) for name in loops),
            )
            try:
                yield Stack(c, sandbox, api, sandbox_base)
            finally:  # workers and the API end before the pool they use closes
                stop.set()
                await workers
                await api_runner.cleanup()
    finally:
        await sandbox_runner.cleanup()


@attrs.define
class PlatformReceiver:
    """The integrating platform's receiver: aiohttp and the standardwebhooks package only,
    as a platform would write it. It keeps what verifies and counts what does not."""

    secret: str = ""
    verified: list[dict[str, Any]] = attrs.Factory(list)
    refused: int = 0

    async def receive(self, request: web.Request) -> web.Response:
        from standardwebhooks.webhooks import Webhook, WebhookVerificationError

        body = await request.read()
        try:
            event = Webhook(self.secret).verify(body, dict(request.headers))
        except WebhookVerificationError:
            self.refused += 1
            return web.Response(status=401)
        self.verified.append({"webhook_id": request.headers["webhook-id"], **event})
        return web.Response(status=204)


@attrs.define
class Client:
    """The integrator's side: JSON over HTTP with the organisation's API key."""

    http: aiohttp.ClientSession
    base: str
    key: str

    async def call(
        self, method: str, path: str, body: Any = None, *, ok: int = 200, **kw: Any
    ) -> Any:
        headers = {"Authorization": f"Bearer {self.key}", **kw.pop("headers", {})}
        async with self.http.request(
            method, self.base + path, json=body, headers=headers, **kw
        ) as answer:
            data = await answer.json(content_type=None)
            if answer.status != ok:
                raise DemoFailed(f"{method} {path} answered {answer.status}: {data}")
            return data

    async def upload(self, path: Path, content_type: str) -> str:
        with path.open("rb") as handle:
            stored = await self.call(
                "POST",
                "/v1/media",
                ok=201,
                data=handle,
                params={"name": path.name},
                headers={"Content-Type": content_type},
            )
        return str(stored["key"])

    async def wait_for(
        self, post_id: str, done: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        until = loop.time() + WAIT_S
        while True:
            post = await self.call("GET", f"/v1/posts/{post_id}")
            if done(post) or post["status"] == "failed":
                return dict(post)
            if loop.time() > until:
                raise DemoFailed(f"post {post_id} still {post['status']} after {WAIT_S:.0f} s")
            await asyncio.sleep(0.2)


async def run_demo(
    *,
    data_dir: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    say: Callable[[str], None] = print,
    keep: Callable[[DemoReport], Any] | None = None,
) -> DemoReport:
    from adapters.media.sample_media import make_photo, make_video, pad_to
    from adapters.sandbox.keys import SANDBOX

    report = DemoReport()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="tiktok-demo-"))
    sent: list[int] = []

    def progress(done: int) -> None:
        sent.append(done)
        if on_progress is not None:
            on_progress(done, DEMO_VIDEO_BYTES)

    async with _stack(data_dir, progress) as stack, aiohttp.ClientSession() as http:
        report.timings["start_s"] = time.perf_counter() - started
        issued = await stack.container.issue_api_key()(organisation_id=ORG, name="demo")
        api = Client(http, stack.api, issued.token.reveal())
        report.api_key = api.key
        report.urls = {
            "api": stack.api,
            "docs": f"{stack.api}/docs",
            "openapi": f"{stack.api}/openapi.json",
            "metrics": f"{stack.api}/metrics  (Authorization: Bearer "
            f"{stack.container.metrics_token()})",
            "sandbox": stack.sandbox_url,
            "console": f"{stack.api}/console  (sign in with the API key below)",
        }

        # 0. The platform registers its receiver for our events (secret shown once).
        platform = PlatformReceiver()
        receiving = web.Application()
        receiving.router.add_post("/tiktok-events", platform.receive)
        receiver_runner, receiver_url = await _serve(receiving)
        endpoint = await api.call(
            "POST",
            "/v1/webhook-endpoints",
            {"url": f"{receiver_url}/tiktok-events", "description": "the platform"},
            ok=201,
        )
        platform.secret = endpoint["secret"]

        # 1. Connect: the authorize URL, the sandbox's consent (approved at once), the
        #    redirect to our callback, which exchanges the code and lands on return_url.
        begun = await api.call("POST", "/v1/channels/connect", {"return_url": "/docs"}, ok=201)
        async with http.get(begun["authorize_url"]) as landed:
            if landed.status != 200 or landed.url.path != "/docs":
                raise DemoFailed(f"the OAuth redirect flow ended at {landed.url} ({landed.status})")
        channels = await api.call("GET", "/v1/channels")
        report.channel = channels["items"][0]
        cid = report.channel["id"]
        say(f"connected @{report.channel['username']} ({report.channel['display_name']})")

        # 2. A real 9:16 H.264/AAC video, big enough for several chunks, uploaded.
        video = pad_to(make_video(work / "launch.mp4", seconds=3), DEMO_VIDEO_BYTES)
        video_key = await api.upload(video, "video/mp4")
        report.video_bytes = DEMO_VIDEO_BYTES
        say(f"uploaded {video_key} ({DEMO_VIDEO_BYTES:,} bytes)")

        # 3. Compose, approve, schedule a few seconds ahead; the publisher worker uploads
        #    it in chunks, TikTok's webhook reports it published.
        created = await api.call(
            "POST",
            "/v1/posts",
            {
                "channel_id": cid,
                "kind": "video",
                "caption": "Launch day #launch #behindthescenes",
                "media": {"video_key": video_key},
                "settings": {"privacy_level": "PUBLIC_TO_EVERYONE"},
            },
            ok=201,
            headers={"Idempotency-Key": f"demo-{time.time_ns()}"},
        )
        pid = created["post"]["id"]
        await api.call("POST", f"/v1/posts/{pid}/approve", {"approved_by": "client"})
        at = stack.container.clock().now() + timedelta(seconds=2)
        await api.call("POST", f"/v1/posts/{pid}/schedule", {"at": at.isoformat()})
        say(f"post {pid} scheduled for {at:%H:%M:%S}")
        t0 = time.perf_counter()
        report.post = await api.wait_for(pid, lambda p: p["status"] == "published")
        # A public post's id and share URL follow in TikTok's publicly_available event.
        report.post = await api.wait_for(pid, lambda p: bool(p["tiktok_post_ids"]))
        report.timings["publish_s"] = time.perf_counter() - t0
        report.chunks = len(sent)
        say(f"post {pid}: {report.post['status']} {report.post['share_url'] or ''}")

        # 4. A bad video is refused before anything reaches TikTok.
        bad = await api.upload(
            make_video(work / "bad.mp4", width=720, height=1280, fps=15, seconds=2), "video/mp4"
        )
        refused = await api.call(
            "POST",
            "/v1/posts",
            {
                "channel_id": cid,
                "kind": "video",
                "caption": "This one is too choppy",
                "media": {"video_key": bad},
                "settings": {"privacy_level": "SELF_ONLY"},
            },
            ok=201,
        )
        rid = refused["post"]["id"]
        await api.call("POST", f"/v1/posts/{rid}/approve", {"approved_by": "client"})
        later = stack.container.clock().now() + timedelta(minutes=5)
        problem = await api.call(
            "POST", f"/v1/posts/{rid}/schedule", {"at": later.isoformat()}, ok=422
        )
        report.bad_video_refusal = [f["message"] for f in problem["fields"]]
        say(f"refused pre-flight: {report.bad_video_refusal[0]}")

        # 5. A photo carousel to the creator's inbox (TikTok pulls it from signed links).
        keys = [
            await api.upload(make_photo(work / name, width=w, height=h), "image/jpeg")
            for name, (w, h) in (("one.jpg", (1080, 1350)), ("two.jpg", (1080, 1080)))
        ]
        photo = await api.call(
            "POST",
            "/v1/posts",
            {
                "channel_id": cid,
                "kind": "photo",
                "title": "Behind the scenes",
                "description": "Two frames #team",
                "media": {"photo_keys": keys},
                "settings": {"publish_method": "inbox"},
            },
            ok=201,
        )
        fid = photo["post"]["id"]
        await api.call("POST", f"/v1/posts/{fid}/approve", {"approved_by": "client"})
        await api.call("POST", f"/v1/posts/{fid}/publish-now", ok=202)
        report.photo_post = await api.wait_for(fid, lambda p: p["tracking"] == "sent_to_inbox")
        say(
            f"photo post {fid}: {report.photo_post['status']} "
            f"({report.photo_post['tracking'] or '-'})"
        )

        # 6. Metrics and the weekly insight, on demand.
        await api.call("POST", f"/v1/channels/{cid}/sync")
        report.insight = await api.call("POST", f"/v1/channels/{cid}/insights", ok=201)
        report.tiktok_posts = sum(
            1 for p in stack.sandbox[SANDBOX].state.posts if not p.seeded and not p.is_photo
        )
        registry = stack.container.telemetry().registry
        report.webhooks_applied = int(
            sum(
                registry.get_sample_value(
                    "tiktok_channel_webhook_events_total", {"event": e, "outcome": "applied"}
                )
                or 0
                for e in ("post.publish.complete", "post.publish.publicly_available")
            )
        )
        report.post = await api.call("GET", f"/v1/posts/{pid}")

        # 7. The Accounts API (business-api.tiktok.com): a business account connected as
        #    its own kind of connection, 60 days synced, the insight's completion-rate trend
        #    and watch time from TikTok's real figures, and a fan's comment answered.
        await _accounts_api(api, http, stack, report, say)
        # 8. Ads: the published post as a Spark Ad, its review, a report, an audience.
        report.ads = await run_ads(api, sandbox_base=stack.sandbox_url, post_id=pid, say=say)

        # 9. Every event written reached the platform and verified (at least once).
        report.events_written = await _all_events_delivered(api, platform)
        report.events, report.events_refused = platform.verified, platform.refused
        await receiver_runner.cleanup()
        say(f"events: {report.events_written} delivered to the platform, all verified")
        report.timings["total_s"] = time.perf_counter() - started
        if keep is not None:
            await keep(report)
    return report


async def _accounts_api(
    api: Client,
    http: aiohttp.ClientSession,
    stack: Stack,
    report: DemoReport,
    say: Callable[[str], None],
) -> None:
    begun = await api.call(
        "POST", "/v1/channels/connect", {"kind": "accounts_api", "return_url": "/docs"}, ok=201
    )
    async with http.get(begun["authorize_url"]) as landed:
        if landed.status != 200 or landed.url.path != "/docs":
            raise DemoFailed(f"the Accounts API connect ended at {landed.url} ({landed.status})")
    channels = await api.call("GET", "/v1/channels")
    report.business_channel = next(
        c for c in channels["items"] if c["username"] == "sandbox_business"
    )
    bid = report.business_channel["id"]
    shown = await api.call("GET", f"/v1/channels/{bid}/connections")
    kinds = ", ".join(c["kind"] for c in shown["items"])
    say(f"connected @sandbox_business through the Accounts API ({kinds})")
    await api.call("PUT", f"/v1/channels/{bid}/time-zone", {"time_zone": "Europe/Berlin"})
    synced = await api.call("POST", f"/v1/channels/{bid}/accounts-api/sync")
    report.business_days = synced["days"]
    report.business_insight = await api.call("POST", f"/v1/channels/{bid}/insights", ok=201)
    say(f"synced {synced['days']} days and {synced['videos']} videos of Accounts API metrics")

    async with http.post(
        f"{stack.sandbox_url}/_sandbox/business/comments",
        json={"username": "sandbox_business", "text": "Where can I buy this?", "author": "fan"},
    ) as made:
        comment = (await made.json())["comment_ids"][0]
    loop = asyncio.get_running_loop()
    until = loop.time() + WAIT_S
    while not (await api.call("GET", f"/v1/channels/{bid}/conversations"))["unread"]:
        if loop.time() > until:
            raise DemoFailed("the comment.update webhook never reached the inbox")
        await asyncio.sleep(0.1)
    inbox = await api.call("GET", f"/v1/channels/{bid}/conversations")
    video = inbox["items"][0]["video_id"]
    # The webhook names no author: the reconciling listing fills it in (and adds nothing).
    await api.call("POST", f"/v1/channels/{bid}/comments/sync", {"video_id": video})
    thread = await api.call("GET", f"/v1/channels/{bid}/conversations/{video}")
    report.comment = next(m for m in thread["items"] if m["comment_id"] == comment)
    answered = await api.call(
        "POST",
        f"/v1/channels/{bid}/comments/{comment}/reply",
        {"text": "In our shop, link in bio!"},
        ok=201,
        headers={"Idempotency-Key": f"demo-reply-{time.time_ns()}"},
    )
    report.reply = answered["intent"]
    say(f"comment from @{report.comment['username']} answered ({report.reply['state']})")


async def _all_events_delivered(api: Client, platform: PlatformReceiver) -> int:
    """Wait until the platform has every event the API lists; returns how many."""
    deadline = time.monotonic() + WAIT_S
    while True:
        ids, after = set(), None
        while True:
            page = await api.call(
                "GET", "/v1/events?limit=200" + (f"&after={after}" if after else "")
            )
            ids |= {e["id"] for e in page["items"]}
            after = page["next_after"]
            if after is None:
                break
        if ids <= {e["webhook_id"] for e in platform.verified}:
            return len(ids)
        if time.monotonic() > deadline:
            raise DemoFailed(
                f"{len(ids)} events written, the platform got {len(platform.verified)}"
            )
        await asyncio.sleep(0.2)


def _events_line(report: DemoReport) -> str:
    kinds: dict[str, int] = {}
    for event in report.events:
        kinds[event["type"]] = kinds.get(event["type"], 0) + 1
    listed = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    return (
        f"events       {report.events_written} to the platform, verified by standardwebhooks"
        f" ({len(report.events)} deliveries): {listed}"
    )


def _business_lines(report: DemoReport) -> list[str]:
    insight = report.business_insight
    trend, watch = insight["completion_trend"], insight["watch"]
    points = trend["points"]
    rate = f"{points[0]['completion_rate']:.1%} -> {points[-1]['completion_rate']:.1%}"
    average, reach = watch["average_watch_time_s"], watch["average_reach"]
    hours = ", ".join(h["label"] for h in watch["audience_hours"]) or "-"
    return [
        f"business     @{report.business_channel['username']} via the Accounts API:"
        f" {report.business_days} days synced",
        f"completion   {trend['direction']} ({(trend['change_per_week'] or 0):+.2%} a week)"
        f" over {trend['sample_size']} videos in {len(points)} weeks: {rate}",
        f"watch time   {average['value'] or 0:.1f} s average over {average['sample_size']}"
        f" videos; reach {reach['value'] or 0:,.0f} per video",
        f"audience     most active {hours} ({insight['time_zone']})",
        f'comment      @{report.comment["username"]}: "{report.comment["text"]}"',
        f'reply        "{report.reply["text"]}" {report.reply["state"]}'
        f" as {report.reply['reply_comment_id']} (attempts {report.reply['attempts']})",
    ]


def render(report: DemoReport) -> str:
    post, insight = report.post, report.insight
    average = insight["average_views_30d"]
    lines = [
        f"channel      @{report.channel['username']} status={report.channel['status']}",
        f"video post   {post['id']} status={post['status']} attempts={post['attempts']}",
        f"upload       {report.video_bytes:,} bytes in {report.chunks} chunks",
        f"tiktok       publish_id={post['publish_id']} "
        f"post_ids={','.join(post['tiktok_post_ids'])}",
        f"share url    {post['share_url']}",
        f"completion   by TikTok webhook ({report.webhooks_applied} applied)",
        f"bad video    refused: {'; '.join(report.bad_video_refusal)}",
        f"photo post   {report.photo_post['id']} {report.photo_post['status']}"
        f" ({report.photo_post['tracking'] or '-'})",
        f"insight      average views (30 d) {average['value'] or 0:.0f}"
        f" over {average['sample_size']} videos; top hashtags "
        f"{', '.join('#' + h['tag'] for h in insight['top_hashtags']) or '-'}",
        f"next video   {insight['suggestion']['summary'] if insight['suggestion'] else '-'}",
        *_business_lines(report),
        _events_line(report),
        f"timings      start {report.timings['start_s']:.1f}s, publish "
        f"{report.timings['publish_s']:.1f}s, total {report.timings['total_s']:.1f}s",
        *render_ads(report.ads),
        "audit trail:",
        *(f"  {e['occurred_at'][11:26]}  {e['name']}" for e in post["events"]),
    ]
    return "\n".join(lines)
