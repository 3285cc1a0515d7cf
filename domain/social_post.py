"""The SocialPost aggregate: a post's content, settings, state and audit trail.

Every operation takes ``now``, passes the one gate (``_gate``) that checks the transition
table ``domain.post_state.MOVES``, and returns a new post (attrs.evolve) with one more
past-tense event. Nothing here reads a clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from domain import post_events as ev
from domain.errors import DomainError, InvalidTransition, RulesViolated, RuleViolation, raise_if_any
from domain.post_content import (
    Media,
    MediaKind,
    PostContent,
    PostSettings,
    PrivacyLevel,
    PublishMethod,
    VideoMedia,
    content_violations,
)
from domain.post_state import ManualReason, Operation, PostStatus, Tracking, allows, target_of
from domain.tiktok_errors import Category, TikTokError
from domain.tiktok_url import video_id_of

S = PostStatus
Op = Operation


class PublishIdConflict(DomainError):
    """A different publish id is already recorded for this attempt."""


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware")
    return value


SEND_BACK_COMMENT_MAX = 2000


def schedule_time_violations(at: datetime, now: datetime) -> list[RuleViolation]:
    """A post is scheduled for a time still to come (checked by ``schedule``; a form may
    ask before it creates anything)."""
    if at > now:
        return []
    return [
        RuleViolation(
            "schedule_in_past",
            "scheduled_at",
            "must be in the future",
            at.isoformat(),
            now.isoformat(),
        )
    ]


@attrs.frozen
class SocialPost:
    id: str
    organisation_id: str
    channel_id: str
    kind: MediaKind
    content: PostContent
    settings: PostSettings
    media: Media | None
    status: PostStatus
    created_at: datetime
    events: tuple[ev.PostEvent, ...] = ()
    approved_by: str | None = None
    approved_at: datetime | None = None
    scheduled_at: datetime | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None
    publish_id: str | None = None
    tracking: Tracking | None = None
    tiktok_post_ids: tuple[str, ...] = ()
    share_url: str | None = None
    failure: TikTokError | None = None
    manual_reason: ManualReason | None = None
    version: int = 0
    # How many of ``events`` are stored: the rest are new since the post was loaded.
    loaded_events: int = attrs.field(default=0, eq=False, repr=False)

    # ---- creation and storage -------------------------------------------------

    @classmethod
    def draft(
        cls,
        *,
        post_id: str,
        organisation_id: str,
        channel_id: str,
        kind: MediaKind,
        content: PostContent,
        settings: PostSettings,
        media: Media | None,
        created_by: str,
        now: datetime,
    ) -> SocialPost:
        """A new draft. A video post may lack its video for now; a photo post may not."""
        _aware(now, "now")
        raise_if_any(content_violations(kind, content, settings, media))
        post = cls(
            post_id, organisation_id, channel_id, kind, content, settings, media, S.DRAFT, now
        )
        return post._record(ev.PostDrafted(post_id, now, kind.value, created_by))

    @property
    def new_events(self) -> tuple[ev.PostEvent, ...]:
        """Events recorded since the post was loaded (or all of a new post's)."""
        return self.events[self.loaded_events :]

    def last_event_at(self, kind: type[ev.PostEvent]) -> datetime | None:
        """When the post's latest event of this kind happened."""
        for event in reversed(self.events):
            if isinstance(event, kind):
                return event.occurred_at
        return None

    def stored(self, *, version: int) -> SocialPost:
        """The post as a repository holds it after a load or a save: no event is new."""
        return attrs.evolve(self, version=version, loaded_events=len(self.events))

    # ---- editing and approval -------------------------------------------------

    def edit(
        self,
        *,
        now: datetime,
        content: PostContent | None = None,
        caption: str | None = None,
        title: str | None = None,
        description: str | None = None,
        settings: PostSettings | None = None,
        privacy_level: PrivacyLevel | None = None,
        media: Media | None = None,
        remove_media: bool = False,
    ) -> SocialPost:
        """Change content, settings or media, whole or in part (what is left None keeps its
        value). Voids any approval: the post is a draft again."""
        self._gate(Op.EDIT)
        new_content = (self.content if content is None else content).revised(
            caption=caption, title=title, description=description
        )
        new_settings = self.settings if settings is None else settings
        if privacy_level is not None:
            new_settings = attrs.evolve(new_settings, privacy_level=privacy_level)
        new_media = None if remove_media else (self.media if media is None else media)
        raise_if_any(content_violations(self.kind, new_content, new_settings, new_media))
        changed = tuple(
            name
            for name, old, new in (
                ("content", self.content, new_content),
                ("settings", self.settings, new_settings),
                ("media", self.media, new_media),
            )
            if old != new
        )
        voided = self.approved_by is not None
        return self._move(
            Op.EDIT,
            ev.PostEdited(self.id, now, voided, changed),
            content=new_content,
            settings=new_settings,
            media=new_media,
            approved_by=None,
            approved_at=None,
            scheduled_at=None,
            next_attempt_at=None,
            failure=None,
            manual_reason=None,
        )

    def send_back(self, *, sent_back_by: str, comment: str, now: datetime) -> SocialPost:
        """A client answers a draft shared for approval with changes to make: it stays a
        draft and its trail keeps who asked for what."""
        self._gate(Op.SEND_BACK)
        found = []
        if not sent_back_by.strip():
            found.append(RuleViolation("name_missing", "sent_back_by", "is required"))
        if not comment.strip():
            found.append(RuleViolation("comment_missing", "comment", "say what should change"))
        elif len(comment) > SEND_BACK_COMMENT_MAX:
            found.append(
                RuleViolation(
                    "comment_too_long",
                    "comment",
                    f"may hold at most {SEND_BACK_COMMENT_MAX} characters",
                    len(comment),
                    SEND_BACK_COMMENT_MAX,
                )
            )
        raise_if_any(found)
        return self._move(
            Op.SEND_BACK, ev.PostSentBack(self.id, now, sent_back_by.strip(), comment.strip())
        )

    def approve(self, *, approved_by: str, now: datetime) -> SocialPost:
        self._gate(Op.APPROVE)  # a scheduled post is approved already
        if not approved_by:
            raise RulesViolated([RuleViolation("approver_missing", "approved_by", "is required")])
        return self._move(
            Op.APPROVE,
            ev.PostApproved(self.id, now, approved_by),
            approved_by=approved_by,
            approved_at=_aware(now, "now"),
        )

    # ---- scheduling -----------------------------------------------------------

    def manual_reason_for(self, *, channel_is_manual: bool) -> ManualReason | None:
        """Why this post cannot go through the API, if it cannot."""
        if channel_is_manual or self.settings.publish_method is PublishMethod.MANUAL:
            return ManualReason.MANUAL_CHANNEL
        if self.kind is MediaKind.VIDEO and not isinstance(self.media, VideoMedia):
            return ManualReason.NO_VIDEO
        return None

    def can(self, operation: Operation) -> bool:
        """Whether ``operation`` is open to this post now: what a page offers."""
        if operation is Op.RETRY and self._retry_refusal() is not None:
            return False
        return allows(operation, self.status)

    def ensure_can(self, operation: Operation) -> None:
        """Raise InvalidTransition unless the table allows ``operation`` from here."""
        self._gate(operation)

    def schedule(self, *, at: datetime, now: datetime) -> SocialPost:
        """Schedule an approved post (or reschedule a scheduled one) for a future time."""
        self._gate(Op.SCHEDULE)
        raise_if_any(schedule_time_violations(_aware(at, "at"), now))
        self._require_api_publishable()
        return self._move(
            Op.SCHEDULE, ev.PostScheduled(self.id, now, at), scheduled_at=at, next_attempt_at=at
        )

    def publish_now(self, *, now: datetime) -> SocialPost:
        """Make an approved or scheduled post due at once."""
        self._gate(Op.PUBLISH_NOW)
        self._require_api_publishable()
        return self._move(
            Op.PUBLISH_NOW, ev.PublishRequested(self.id, now), scheduled_at=now, next_attempt_at=now
        )

    def unschedule(self, *, now: datetime) -> SocialPost:
        return self._move(
            Op.UNSCHEDULE, ev.PostUnscheduled(self.id, now), scheduled_at=None, next_attempt_at=None
        )

    def wait_for_rate_window(self, *, until: datetime) -> SocialPost:
        """The token's posting window is full: become due when it opens (bookkeeping, no
        event and no attempt: nothing was sent)."""
        return self._move(Op.WAIT_FOR_RATE_WINDOW, next_attempt_at=until)

    def is_due(self, now: datetime) -> bool:
        return (
            self.status is S.SCHEDULED
            and self.next_attempt_at is not None
            and self.next_attempt_at <= now
        )

    # ---- publishing -----------------------------------------------------------

    def start_publishing(self, *, attempt: int, now: datetime) -> SocialPost:
        self._gate(Op.START_PUBLISHING)
        if attempt != self.attempts + 1:
            raise DomainError(
                f"attempt {attempt} out of order: post {self.id} has made {self.attempts} attempts"
            )
        if not self.is_due(now):
            raise DomainError(f"post {self.id} is not due until {self.next_attempt_at}")
        self._require_api_publishable()
        return self._move(
            Op.START_PUBLISHING,
            ev.PublishingStarted(self.id, now, attempt),
            attempts=attempt,
            next_attempt_at=None,
            failure=None,
            tracking=None,
        )

    def record_publish_id(self, *, publish_id: str, now: datetime) -> SocialPost:
        """Record TikTok's publish_id. It must be stored before any byte is uploaded."""
        self._gate(Op.RECORD_PUBLISH_ID)
        if not publish_id:
            raise RulesViolated([RuleViolation("publish_id_empty", "publish_id", "is empty")])
        if self.publish_id == publish_id:
            return self
        if self.publish_id is not None:
            raise PublishIdConflict(
                f"post {self.id} already has publish id {self.publish_id}; got {publish_id}"
            )
        return self._move(
            Op.RECORD_PUBLISH_ID,
            ev.PublishIdRecorded(self.id, now, publish_id),
            publish_id=publish_id,
            tracking=Tracking.PROCESSING,
        )

    def begin_upload(self, *, now: datetime) -> SocialPost:
        """Mark the upload as started; refused until the publish id is recorded."""
        self._gate(Op.BEGIN_UPLOAD)
        if self.publish_id is None:
            raise RulesViolated(
                [
                    RuleViolation(
                        "publish_id_not_recorded",
                        "publish_id",
                        "must be recorded before any upload starts",
                    )
                ]
            )
        return self._move(Op.BEGIN_UPLOAD, ev.UploadStarted(self.id, now, self.publish_id))

    def abandon_publish_id(self, *, reason: str, now: datetime) -> SocialPost:
        """Forget a publish id TikTok reported FAILED, or whose upload never completed."""
        self._gate(Op.ABANDON_PUBLISH_ID)
        if self.publish_id is None:
            return self
        return self._move(
            Op.ABANDON_PUBLISH_ID,
            ev.PublishIdAbandoned(self.id, now, self.publish_id, reason),
            publish_id=None,
            tracking=None,
        )

    def mark_sent_to_inbox(self, *, now: datetime) -> SocialPost:
        self._gate(Op.MARK_SENT_TO_INBOX)
        if self.settings.publish_method is not PublishMethod.INBOX or self.publish_id is None:
            raise DomainError(f"post {self.id} is not an inbox upload with a publish id")
        if self.tracking is Tracking.SENT_TO_INBOX:
            return self
        return self._move(
            Op.MARK_SENT_TO_INBOX,
            ev.PostSentToInbox(self.id, now, self.publish_id),
            tracking=Tracking.SENT_TO_INBOX,
        )

    def defer_attempt(self, *, error: TikTokError, retry_at: datetime, now: datetime) -> SocialPost:
        """A retryable error before TikTok holds the post: try again at ``retry_at``."""
        self._gate(Op.DEFER_ATTEMPT)
        if self.publish_id is not None:
            raise DomainError(
                f"post {self.id} has publish id {self.publish_id}: reconcile it, do not re-send"
            )
        return self._move(
            Op.DEFER_ATTEMPT,
            ev.PublishAttemptDeferred(self.id, now, error.code, retry_at),
            next_attempt_at=retry_at,
            failure=error,
        )

    def check_status_at(self, at: datetime) -> SocialPost:
        """When the status tracker should next ask TikTok (no event: bookkeeping only)."""
        return self._move(Op.CHECK_STATUS_AT, next_attempt_at=at)

    def flag_unconfirmed(self, *, now: datetime) -> SocialPost:
        self._gate(Op.FLAG_UNCONFIRMED)
        if self.tracking is Tracking.UNCONFIRMED:
            return self
        return self._move(
            Op.FLAG_UNCONFIRMED,
            ev.PublishUnconfirmed(self.id, now, self.publish_id),
            tracking=Tracking.UNCONFIRMED,
            next_attempt_at=None,
        )

    def start_reconciling(self, *, reason: str, check_at: datetime, now: datetime) -> SocialPost:
        """An init's answer was lost and TikTok may have the post: look for it on the
        creator's profile from ``check_at`` on, never sending the init again."""
        self._gate(Op.START_RECONCILING)
        if self.publish_id is not None:
            raise DomainError("a post with a publish id is reconciled by its status")
        if self.tracking is Tracking.RECONCILING:
            return self._move(Op.START_RECONCILING, next_attempt_at=check_at)
        return self._move(
            Op.START_RECONCILING,
            ev.ReconciliationStarted(self.id, now, reason),
            tracking=Tracking.RECONCILING,
            next_attempt_at=check_at,
        )

    def found_on_profile(
        self, *, tiktok_post_id: str, share_url: str | None, now: datetime
    ) -> SocialPost:
        """The creator's video list shows the post: it is published, once."""
        self._gate(Op.FOUND_ON_PROFILE)
        found = self._record(ev.FoundOnProfile(self.id, now, tiktok_post_id))
        return found.mark_published(now=now, tiktok_post_ids=(tiktok_post_id,), share_url=share_url)

    def mark_published(
        self, *, now: datetime, tiktok_post_ids: tuple[str, ...] = (), share_url: str | None = None
    ) -> SocialPost:
        return self._move(
            Op.MARK_PUBLISHED,
            ev.PostPublished(self.id, now, tiktok_post_ids, share_url),
            tiktok_post_ids=tiktok_post_ids,
            share_url=share_url,
            tracking=None,
            failure=None,
        )

    def record_public_post(
        self, *, tiktok_post_id: str, share_url: str | None, now: datetime
    ) -> SocialPost:
        """TikTok made the post public (after moderation) and gave its id."""
        self._gate(Op.RECORD_PUBLIC_POST)
        if tiktok_post_id in self.tiktok_post_ids:
            return self
        return self._move(
            Op.RECORD_PUBLIC_POST,
            ev.PostBecamePublic(self.id, now, tiktok_post_id, share_url),
            tiktok_post_ids=(*self.tiktok_post_ids, tiktok_post_id),
            share_url=share_url or self.share_url,
        )

    def mark_failed(self, *, error: TikTokError, now: datetime) -> SocialPost:
        spec = error.spec
        return self._move(
            Op.MARK_FAILED,
            ev.PostFailed(
                self.id,
                now,
                spec.code,
                spec.category.value,
                spec.message,
                spec.remedy,
                error.log_id,
            ),
            failure=error,
            tracking=None,
            next_attempt_at=None,
        )

    def retry(
        self, *, now: datetime, at: datetime | None = None, force: bool = False
    ) -> SocialPost:
        """Send a failed post again, now or at ``at``; a publish id it had is abandoned.
        A scheduled post waiting after an error (a cap) is brought forward the same way.

        A post that failed ambiguously (TikTok may hold it) is only retried with
        ``force``, after a person has checked the TikTok profile.
        """
        self._gate(Op.RETRY)
        refusal = self._retry_refusal()
        if refusal is not None:
            raise InvalidTransition("post", self.status, S.SCHEDULED, refusal)
        ambiguous = self.failure is not None and self.failure.category is Category.AMBIGUOUS
        if ambiguous and self.publish_id is not None and not force:
            raise DomainError(
                f"post {self.id} may already be on TikTok (publish id {self.publish_id}); "
                "check the profile, then retry with force"
            )
        when = now if at is None else _aware(at, "at")
        self._require_api_publishable()
        post = self
        if self.publish_id is not None:
            post = attrs.evolve(self, publish_id=None)._record(
                ev.PublishIdAbandoned(self.id, now, self.publish_id, "retried after failure")
            )
        return post._move(
            Op.RETRY,
            ev.PostRetried(self.id, now, when),
            scheduled_at=when,
            next_attempt_at=when,
            failure=None,
        )

    # ---- manual publishing ----------------------------------------------------

    def move_to_manual(
        self, *, reason: ManualReason, now: datetime, detail: str = ""
    ) -> SocialPost:
        return self._move(
            Op.MOVE_TO_MANUAL,
            ev.PostMovedToManual(self.id, now, reason, detail),
            manual_reason=reason,
            next_attempt_at=None,
            tracking=None,
        )

    def mark_manually_published(
        self, *, url: str, account_username: str, marked_by: str, now: datetime
    ) -> SocialPost:
        """A person posted by hand: ``url`` must be a video of the channel's own account
        (``account_username``); its video id is recorded as the TikTok post id."""
        self._gate(Op.MARK_MANUALLY_PUBLISHED)
        video_id = video_id_of(url, username=account_username)
        return self._move(
            Op.MARK_MANUALLY_PUBLISHED,
            ev.PostManuallyPublished(self.id, now, url, marked_by),
            share_url=url,
            tiktok_post_ids=(video_id,),
        )

    # ---- the gate -------------------------------------------------------------------

    def _gate(self, operation: Operation) -> PostStatus:
        """The one check of the transition table: where ``operation`` leads from here."""
        to_state = target_of(operation)
        if not allows(operation, self.status):
            raise InvalidTransition("post", self.status, to_state, operation.value)
        return to_state

    def _move(
        self, operation: Operation, event: ev.PostEvent | None = None, **changes: Any
    ) -> SocialPost:
        """Every change of a post goes through here: gate, then the new state and event."""
        moved = attrs.evolve(self, status=self._gate(operation), **changes)
        return moved if event is None else moved._record(event)

    def _record(self, event: ev.PostEvent) -> SocialPost:
        return attrs.evolve(self, events=(*self.events, event))

    def _retry_refusal(self) -> str | None:
        if self.status is S.SCHEDULED and self.failure is None:
            return "retry a post that is not waiting after an error"
        return None

    def _require_api_publishable(self) -> None:
        reason = self.manual_reason_for(channel_is_manual=False)
        if reason is not None:
            raise RulesViolated(
                [
                    RuleViolation(
                        f"api_publishing_impossible_{reason.value}",
                        "media" if reason is ManualReason.NO_VIDEO else "publish_method",
                        "this post cannot be published through the API; move it to manual publishing",
                        reason.value,
                    )
                ]
            )
        raise_if_any(content_violations(self.kind, self.content, self.settings, self.media))
