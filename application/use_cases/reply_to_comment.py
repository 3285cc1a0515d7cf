"""Reply to a comment exactly once. TikTok's reply endpoint is not idempotent, so the
intent is stored before the call; a retry of the same reply (same text to the same
comment within 10 minutes) reuses it, and if an earlier send's answer was lost, the
reply is looked for among the comment's replies before anything is sent again."""

from __future__ import annotations

import attrs

from application.business_access import business_connection
from application.comment_store import from_remote, record_comment
from application.errors import NotFound, TikTokApiError
from application.ports import Clock, IdGenerator, UnitOfWorkFactory
from application.ports.business import BusinessApi
from domain.business_connection import BusinessConnection, Capability
from domain.comments import ReplyIntent, ReplyState

MAX_REPLY_PAGES = 50


@attrs.frozen
class ReplyOutcome:
    intent: ReplyIntent
    sent: bool  # a request went to TikTok in this call
    found_after_lost_answer: bool = False


@attrs.frozen
class ReplyToComment:
    uow: UnitOfWorkFactory
    business: BusinessApi
    clock: Clock
    ids: IdGenerator

    async def __call__(
        self, *, organisation_id: str, channel_id: str, comment_id: str, text: str
    ) -> ReplyOutcome:
        now = self.clock.now()
        async with self.uow() as uow:
            _, connection = await business_connection(uow, channel_id, organisation_id)
            parent = await uow.comments.get(channel_id, comment_id)
            if parent is None:
                raise NotFound("comment", comment_id)
            earlier = [
                i
                for i in await uow.reply_intents.for_comment(channel_id, comment_id)
                if i.same_as(comment_id=comment_id, text=text, now=now)
            ]
            if earlier and earlier[-1].state is ReplyState.POSTED:
                return ReplyOutcome(earlier[-1], False)
            intent = earlier[-1] if earlier else None
            if intent is None:
                intent = await uow.reply_intents.add(
                    ReplyIntent.new(
                        intent_id=self.ids.new_id(),
                        organisation_id=organisation_id,
                        channel_id=channel_id,
                        parent=parent,
                        text=text,
                        now=now,
                    )
                )
                await uow.commit()  # stored before TikTok hears of it
        token_ok = connection.access_token(Capability.COMMENTS_MANAGE)
        if intent.attempts > 0:  # sent before, the answer lost: is it there?
            found = await self._find(connection, intent)
            if found is not None:
                return ReplyOutcome(found, False, True)
        intent = await self._save(intent.sending())
        try:
            remote = await self.business.reply(
                token_ok,
                business_id=connection.business_id,
                video_id=intent.video_id,
                comment_id=comment_id,
                text=text,
            )
        except TikTokApiError as exc:
            if not exc.ambiguous:
                await self._save(intent.failed(exc.error.describe()))
                raise
            found = await self._find(connection, intent)
            if found is not None:
                return ReplyOutcome(found, True, True)
            await self._save(intent.unconfirmed(exc.error.describe()))
            raise
        async with self.uow() as uow:
            await record_comment(uow, attrs.evolve(from_remote(channel_id, remote), unread=False))
            current = await uow.reply_intents.get(intent.id)
            posted = await uow.reply_intents.save(current.posted(remote.comment_id))
            await uow.commit()
        return ReplyOutcome(posted, True)

    async def _save(self, intent: ReplyIntent) -> ReplyIntent:
        async with self.uow() as uow:
            saved = await uow.reply_intents.save(intent)
            await uow.commit()
        return saved

    async def _find(
        self, connection: BusinessConnection, intent: ReplyIntent
    ) -> ReplyIntent | None:
        """Our reply among the comment's replies at TikTok: posted (and stored) if there."""
        token = connection.access_token(Capability.COMMENTS_READ)
        replies, cursor = [], 0
        for _ in range(MAX_REPLY_PAGES):
            page = await self.business.list_replies(
                token,
                business_id=connection.business_id,
                video_id=intent.video_id,
                comment_id=intent.comment_id,
                cursor=cursor,
            )
            replies += [from_remote(intent.channel_id, r) for r in page.comments]
            if not page.has_more:
                break
            cursor = page.cursor
        async with self.uow() as uow:
            claimed = frozenset(
                i.reply_comment_id
                for i in await uow.reply_intents.for_comment(intent.channel_id, intent.comment_id)
                if i.reply_comment_id and i.id != intent.id
            )
            found = intent.find_in(replies, claimed=claimed)
            if found is None:
                return None
            await record_comment(uow, attrs.evolve(found, unread=False))
            current = await uow.reply_intents.get(intent.id)
            posted = await uow.reply_intents.save(current.posted(found.comment_id))
            await uow.commit()
        return posted
