"""Reconcile a channel's comments by listing them (webhooks drive the inbox; this pass
catches what they missed): every video, every page, the replies past the 3 a page
carries. Pages overlap past 500 comments at TikTok: each comment is stored once."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.comment_store import from_remote, record_comment
from application.ports import Clock, UnitOfWorkFactory
from application.ports.business import BusinessApi, RemoteComment
from domain.business_connection import BusinessConnection, Capability
from domain.secret import Secret

MAX_PAGES = 200  # per video: 6,000 comments
MAX_VIDEO_PAGES = 25  # 500 videos


@attrs.frozen
class CommentsSynced:
    channel_id: str
    videos: int
    seen: int
    new: int


@attrs.frozen
class SyncComments:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock

    async def __call__(
        self, *, channel_id: str, organisation_id: str | None = None, video_id: str | None = None
    ) -> CommentsSynced:
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
        token = connection.access_token(Capability.COMMENTS_READ)
        videos = [video_id] if video_id else await self._videos(connection, token)
        seen: dict[str, RemoteComment] = {}
        for video in videos:
            for remote in await self._comments(connection, token, video):
                seen[remote.comment_id] = remote
        new = 0
        async with self.uow() as uow:
            for remote in seen.values():
                new += await record_comment(uow, from_remote(channel_id, remote))
            await uow.commit()
        return CommentsSynced(channel_id, len(videos), len(seen), new)

    async def _videos(self, connection: BusinessConnection, token: Secret) -> list[str]:
        ids: list[str] = []
        cursor: int | None = None
        for _ in range(MAX_VIDEO_PAGES):
            page = await self.business.list_videos(
                token, business_id=connection.business_id, cursor=cursor
            )
            ids += [v.item_id for v in page.videos if v.comments is None or v.comments > 0]
            if not page.has_more or page.cursor is None:
                break
            cursor = page.cursor
        return list(dict.fromkeys(ids))

    async def _comments(
        self, connection: BusinessConnection, token: Secret, video_id: str
    ) -> list[RemoteComment]:
        found: list[RemoteComment] = []
        cursor = 0
        for _ in range(MAX_PAGES):
            page = await self.business.list_comments(
                token, business_id=connection.business_id, video_id=video_id, cursor=cursor
            )
            for comment in page.comments:
                found += [comment, *comment.reply_list]
                if comment.replies > len(comment.reply_list):
                    found += await self._replies(connection, token, comment)
            if not page.has_more:
                break
            cursor = page.cursor
        return found

    async def _replies(
        self, connection: BusinessConnection, token: Secret, parent: RemoteComment
    ) -> list[RemoteComment]:
        found: list[RemoteComment] = []
        cursor = 0
        for _ in range(MAX_PAGES):
            page = await self.business.list_replies(
                token,
                business_id=connection.business_id,
                video_id=parent.video_id,
                comment_id=parent.comment_id,
                cursor=cursor,
            )
            found += page.comments
            if not page.has_more:
                break
            cursor = page.cursor
        return found
