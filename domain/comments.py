"""Comments on an organisation's TikTok videos as inbox conversations (one per video).

A comment is known by TikTok's ``comment_id`` (unique per account): whatever route it
arrives by (a ``comment.update`` webhook, any number of times, or a listing page that
overlaps the one before), it is stored once. Replies we send are not idempotent at TikTok,
so each is an intent stored before the call and confirmed by its answer or, when the answer
was lost, by finding it in a listing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta

import attrs

from domain.errors import DomainError, RulesViolated, RuleViolation

REPLY_MAX_CHARS = 150  # TikTok's SDKs say 150; one source says 1,200 (we keep the safe one)
SAME_REPLY_WINDOW = timedelta(minutes=10)  # the same text to the same comment: a retry
CLOCK_SKEW = timedelta(minutes=2)  # TikTok's create_time vs our clock when matching replies


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    HIDDEN = "hidden"
    FRIENDS_ONLY = "friends_only"
    DELETED = "deleted"


class CommentAction(enum.StrEnum):
    """``comment_action`` of a ``comment.update`` webhook."""

    INSERT = "insert"
    DELETE = "delete"
    SET_TO_HIDDEN = "set_to_hidden"
    SET_TO_FRIENDS_ONLY = "set_to_friends_only"
    SET_TO_PUBLIC = "set_to_public"


ACTION_VISIBILITY = {
    CommentAction.INSERT: Visibility.PUBLIC,
    CommentAction.DELETE: Visibility.DELETED,
    CommentAction.SET_TO_HIDDEN: Visibility.HIDDEN,
    CommentAction.SET_TO_FRIENDS_ONLY: Visibility.FRIENDS_ONLY,
    CommentAction.SET_TO_PUBLIC: Visibility.PUBLIC,
}


@attrs.frozen
class Comment:
    """A message of a video's conversation: a comment, or a reply (``parent_id`` set)."""

    channel_id: str
    comment_id: str
    video_id: str
    created_at: datetime
    text: str = ""
    parent_id: str | None = None
    username: str = ""
    display_name: str = ""
    owner: bool = False  # written by the account itself (our replies)
    visibility: Visibility = Visibility.PUBLIC
    likes: int | None = None
    unread: bool = True
    updated_at: datetime | None = None

    @classmethod
    def received(
        cls,
        *,
        channel_id: str,
        comment_id: str,
        video_id: str,
        created_at: datetime,
        text: str,
        parent_id: str | None,
        owner: bool,
        visibility: Visibility = Visibility.PUBLIC,
        username: str = "",
        display_name: str = "",
        likes: int | None = None,
    ) -> Comment:
        """A comment seen for the first time: unread unless the account wrote it."""
        return cls(
            channel_id,
            comment_id,
            video_id,
            created_at,
            text,
            parent_id or None,
            username,
            display_name,
            owner,
            visibility,
            likes,
            unread=not owner,
            updated_at=created_at,
        )

    def merged(self, seen: Comment) -> Comment:
        """What we know after seeing the comment again: the newest facts, the earliest
        creation, our own read state, and the fuller of the two texts and authors."""
        return attrs.evolve(
            self,
            text=seen.text or self.text,
            username=seen.username or self.username,
            display_name=seen.display_name or self.display_name,
            owner=self.owner or seen.owner,
            visibility=self.visibility
            if self.visibility is Visibility.DELETED
            else seen.visibility,
            likes=seen.likes if seen.likes is not None else self.likes,
            parent_id=self.parent_id or seen.parent_id,
            updated_at=max(filter(None, (self.updated_at, seen.updated_at)), default=None),
        )

    def apply(self, action: CommentAction, *, at: datetime) -> Comment:
        if self.visibility is Visibility.DELETED:
            return self
        return attrs.evolve(self, visibility=ACTION_VISIBILITY[action], updated_at=at)

    def check_deletable(self) -> None:
        if not self.owner:
            raise NotOurComment(self.comment_id)


@attrs.frozen
class Conversation:
    """One video's comments as an inbox thread."""

    channel_id: str
    video_id: str
    messages: int
    unread: int
    last_activity_at: datetime
    unanswered: int = 0  # others' comments (not deleted) the account has not replied to


def unanswered(messages: Iterable[Comment]) -> int:
    """Others' top-level comments, not deleted, without a reply written by the account."""
    listed = list(messages)
    answered = {m.parent_id for m in listed if m.owner and m.parent_id}
    return sum(
        1
        for m in listed
        if not m.owner
        and m.parent_id is None
        and m.visibility is not Visibility.DELETED
        and m.comment_id not in answered
    )


class ReplyState(enum.StrEnum):
    PENDING = "pending"  # stored, sent or about to be; the answer not yet known
    POSTED = "posted"
    FAILED = "failed"  # TikTok refused it: nothing was posted


@attrs.frozen
class ReplyIntent:
    id: str
    organisation_id: str
    channel_id: str
    video_id: str
    comment_id: str  # the comment answered
    text: str
    created_at: datetime
    state: ReplyState = ReplyState.PENDING
    reply_comment_id: str | None = None
    attempts: int = 0
    error: str = ""
    version: int = 0

    @classmethod
    def new(
        cls,
        *,
        intent_id: str,
        organisation_id: str,
        channel_id: str,
        parent: Comment,
        text: str,
        now: datetime,
    ) -> ReplyIntent:
        check_reply_text(text)
        if parent.visibility is Visibility.DELETED:
            raise RulesViolated(
                [
                    RuleViolation(
                        "comment_deleted",
                        "comment_id",
                        "the comment was deleted",
                        parent.comment_id,
                    )
                ]
            )
        return cls(
            intent_id, organisation_id, channel_id, parent.video_id, parent.comment_id, text, now
        )

    def same_as(self, *, comment_id: str, text: str, now: datetime) -> bool:
        """A new request for this reply is a retry of it (not a second reply)."""
        return (
            self.comment_id == comment_id
            and self.text == text
            and self.state is not ReplyState.FAILED
            and now - self.created_at <= SAME_REPLY_WINDOW
        )

    def sending(self) -> ReplyIntent:
        return attrs.evolve(self, attempts=self.attempts + 1)

    def posted(self, reply_comment_id: str) -> ReplyIntent:
        return attrs.evolve(
            self, state=ReplyState.POSTED, reply_comment_id=reply_comment_id, error=""
        )

    def failed(self, error: str) -> ReplyIntent:
        return attrs.evolve(self, state=ReplyState.FAILED, error=error)

    def unconfirmed(self, error: str) -> ReplyIntent:
        return attrs.evolve(self, error=error)

    def find_in(self, replies: Iterable[Comment], *, claimed: frozenset[str]) -> Comment | None:
        """Our reply in a listing of the parent's replies, after a lost answer: written by
        the account, same text, not older than the intent, not another intent's."""
        for reply in sorted(replies, key=lambda r: r.created_at):
            if (
                reply.owner
                and reply.parent_id == self.comment_id
                and reply.text == self.text
                and reply.created_at >= self.created_at - CLOCK_SKEW
                and reply.comment_id not in claimed
            ):
                return reply
        return None


def check_reply_text(text: str) -> None:
    if not text.strip():
        raise RulesViolated([RuleViolation("reply_empty", "text", "a reply needs text", text)])
    if len(text) > REPLY_MAX_CHARS:
        raise RulesViolated(
            [
                RuleViolation(
                    "reply_too_long",
                    "text",
                    f"a reply is at most {REPLY_MAX_CHARS} characters",
                    len(text),
                    REPLY_MAX_CHARS,
                )
            ]
        )


class NotOurComment(DomainError):
    def __init__(self, comment_id: str) -> None:
        self.comment_id = comment_id
        super().__init__(
            f"comment {comment_id} was not written by the account: TikTok lets an account "
            "delete only its own comments (hide it instead)"
        )
