"""What happens after init: downloads, the real media check, posting, inbox, moderation."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import aiohttp

from adapters.sandbox.background import Background
from adapters.sandbox.chunk_rules import at_most, max_video_bytes
from adapters.sandbox.core import Sandbox
from adapters.sandbox.media_checks import PHOTO_MAX_MB, photo_fail_reasons, video_fail_reasons
from adapters.sandbox.probe import Unreadable, read_photo, read_video
from adapters.sandbox.settings import MbReading
from adapters.sandbox.state import Publication, Status, TikTokPost
from adapters.sandbox.webhooks import WebhookSender

PULL_TIMEOUT_S = 3600.0  # TikTok gives a download one hour
READ_BLOCK = 1024 * 1024


class Processor(Background):
    def __init__(self, sandbox: Sandbox, webhooks: WebhookSender) -> None:
        super().__init__()
        self.sandbox = sandbox
        self.webhooks = webhooks

    # ---- entry points ---------------------------------------------------------------

    def uploaded(self, pub: Publication) -> None:
        """The final chunk answered 201: processing starts by itself."""
        assert pub.upload is not None
        self._spawn(self._process_video(pub, pub.upload.path))

    def pull_video(self, pub: Publication) -> None:
        self._spawn(self._pull_then_process(pub))

    def pull_photos(self, pub: Publication) -> None:
        self._spawn(self._pull_photos(pub))

    def cancel(self, pub: Publication) -> bool:
        """Best effort: only a download still in progress can be cancelled."""
        if pub.status is not Status.PROCESSING_DOWNLOAD:
            return False
        self._fail(pub, "publish_cancelled")
        return True

    # ---- videos -------------------------------------------------------------------

    async def _pull_then_process(self, pub: Publication) -> None:
        path = self.sandbox.data_dir / f"{pub.publish_id.replace('~', '_')}.pull"
        limit = max_video_bytes(self.sandbox.settings.mb_reading)
        if await self._download(pub, pub.urls[0], path, limit, "video_pull_failed"):
            await self._process_video(pub, path)

    async def _process_video(self, pub: Publication, path: Path) -> None:
        await asyncio.sleep(self.sandbox.settings.processing_delay)
        if pub.status is Status.FAILED:  # cancelled meanwhile
            return
        creator = self.sandbox.state.creators.get(pub.open_id)
        if creator is None:
            self._fail(pub, "auth_removed")
            return
        reason, sha, duration = await asyncio.to_thread(
            _check_video_file,
            path,
            creator.max_video_post_duration_sec,
            self.sandbox.settings.mb_reading,
        )
        pub.media_sha256 = (sha,)
        self._conclude(pub, reason or creator.fail_reason, duration=duration)

    # ---- photos -------------------------------------------------------------------

    async def _pull_photos(self, pub: Publication) -> None:
        hashes: list[str] = []
        reading = self.sandbox.settings.mb_reading
        for index, url in enumerate(pub.urls):
            path = self.sandbox.data_dir / f"{pub.publish_id.replace('~', '_')}.{index}"
            limit = at_most(PHOTO_MAX_MB, reading)
            if not await self._download(pub, url, path, limit, "photo_pull_failed"):
                return
            reason = await asyncio.to_thread(_check_photo_file, path, reading)
            if reason is not None:
                await asyncio.sleep(self.sandbox.settings.processing_delay)
                self._fail(pub, reason)
                return
            hashes.append(await asyncio.to_thread(_sha256, path))
        await asyncio.sleep(self.sandbox.settings.processing_delay)
        if pub.status is Status.FAILED:
            return
        pub.media_sha256 = tuple(hashes)
        creator = self.sandbox.state.creators.get(pub.open_id)
        self._conclude(pub, creator.fail_reason if creator else "auth_removed")

    # ---- shared ---------------------------------------------------------------------

    async def _download(
        self, pub: Publication, url: str, path: Path, limit: int, failure: str
    ) -> bool:
        try:
            async with (
                asyncio.timeout(PULL_TIMEOUT_S),
                self._client().get(url, allow_redirects=False) as response,
            ):
                if response.status != 200:  # redirects are not followed: a 3xx fails too
                    self._fail(pub, failure)
                    return False
                with path.open("wb") as out:
                    async for block in response.content.iter_chunked(READ_BLOCK):
                        if pub.status is Status.FAILED:  # cancelled
                            return False
                        pub.downloaded_bytes += len(block)
                        if pub.downloaded_bytes > limit:
                            self._fail(pub, "file_format_check_failed")
                            return False
                        out.write(block)
            return True
        except (aiohttp.ClientError, TimeoutError, OSError):
            self._fail(pub, failure)
            return False

    def _conclude(self, pub: Publication, fail_reason: str | None, duration: int = 0) -> None:
        if pub.status is Status.FAILED:
            return
        if fail_reason is not None:
            self._fail(pub, fail_reason)
            return
        faults = self.sandbox.settings.faults
        if faults.stuck_processing:
            return
        if faults.stick_next_statuses > 0:
            faults.stick_next_statuses -= 1
            return
        if pub.kind.to_inbox:
            pub.status = Status.SEND_TO_USER_INBOX
            pub.pending_share = True
            self.webhooks.publish_event(pub, "post.publish.inbox_delivered")
            return
        self.post(
            pub,
            str(pub.post_info.get("privacy_level", "SELF_ONLY")),
            str(pub.post_info.get("title", "") or pub.post_info.get("description", "")),
            duration,
        )

    def post(self, pub: Publication, privacy: str, caption: str, duration: int = 0) -> TikTokPost:
        """The content is on TikTok now (Direct Post done, or the user posted the draft)."""
        sandbox = self.sandbox
        tiktok_post = TikTokPost(
            sandbox.new_post_id(),
            pub.open_id,
            pub.publish_id,
            int(sandbox.now().timestamp()),
            caption,
            privacy,
            pub.media_sha256,
            is_photo=pub.kind.name.startswith("PHOTO"),
            duration=duration,
        )
        sandbox.state.posts.append(tiktok_post)
        pub.status = Status.PUBLISH_COMPLETE
        pub.pending_share = False
        pub.post_ids = (*pub.post_ids, tiktok_post.id)
        pub.finished_at = sandbox.now()
        self.webhooks.publish_event(pub, "post.publish.complete")
        if tiktok_post.public:
            self._spawn(self._moderate(pub, tiktok_post))
        return tiktok_post

    async def _moderate(self, pub: Publication, tiktok_post: TikTokPost) -> None:
        await asyncio.sleep(self.sandbox.settings.moderation_delay)
        pub.public_post_ids = (*pub.public_post_ids, tiktok_post.id)
        self.webhooks.publish_event(
            pub, "post.publish.publicly_available", post_id=str(tiktok_post.id)
        )

    def _fail(self, pub: Publication, reason: str) -> None:
        if pub.status in (Status.FAILED, Status.PUBLISH_COMPLETE):
            return
        pub.status = Status.FAILED
        pub.fail_reason = reason
        pub.pending_share = False
        pub.finished_at = self.sandbox.now()
        self.webhooks.publish_event(pub, "post.publish.failed", reason=reason)


# ---- checks (run in a worker thread) ----------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(READ_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_video_file(
    path: Path, creator_max_s: int, reading: MbReading
) -> tuple[str | None, str, int]:
    """The fail_reason TikTok's processing would give (None: fine), the media hash and
    the duration in seconds."""
    sha = _sha256(path)
    try:
        video = read_video(path)
    except Unreadable:
        return "file_format_check_failed", sha, 0
    reasons = video_fail_reasons(video, creator_max_seconds=creator_max_s, reading=reading)
    return (reasons[0] if reasons else None), sha, round(video.seconds or 0)


def _check_photo_file(path: Path, reading: MbReading) -> str | None:
    try:
        photo = read_photo(path)
    except Unreadable:
        return "file_format_check_failed"
    reasons = photo_fail_reasons(photo, reading)
    return reasons[0] if reasons else None
