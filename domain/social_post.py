"""The SocialPost aggregate: a post's content, settings, state and audit trail.

Every operation takes ``now``, checks the transition table, and returns a new
post (attrs.evolve) with one more past-tense event. Nothing here reads a clock.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from domain import post_events as ev
from domain.errors import DomainError, InvalidTransition, RulesViolated, RuleViolation, raise_if_any
from domain.post_content import (
    Media,
    MediaKind,
    PostContent,
    PostSettings,
    PublishMethod,
    VideoMedia,
    content_violations,
)
from domain.post_state import ManualReason, PostStatus, Tracking, can_move
from domain.tiktok_errors import Category, TikTokError

S = PostStatus


class PublishIdConflict(DomainError):
    """A different publish id is already recorded for this attempt."""


def _aware(value: datetime, field: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{field} must be timezone-aware")
    return value


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

    # ---- creation -------------------------------------------------------------

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

    # ---- editing and approval -------------------------------------------------

    def edit(
        self,
        *,
        now: datetime,
        content: PostContent | None = None,
        settings: PostSettings | None = None,
        media: Media | None = None,
        remove_media: bool = False,
    ) -> SocialPost:
        """Change content, settings or media. Voids any approval: the post is a draft again."""
        self._check(S.DRAFT, "edit the post")
        new_content = self.content if content is None else content
        new_settings = self.settings if settings is None else settings
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
        edited = attrs.evolve(
            self,
            content=new_content,
            settings=new_settings,
            media=new_media,
            status=S.DRAFT,
            approved_by=None,
            approved_at=None,
            scheduled_at=None,
            next_attempt_at=None,
            failure=None,
            manual_reason=None,
        )
        return edited._record(ev.PostEdited(self.id, now, voided, changed))

    def approve(self, *, approved_by: str, now: datetime) -> SocialPost:
        if self.status is not S.DRAFT:  # a scheduled post is approved already
            raise InvalidTransition("post", self.status, S.CLIENT_APPROVED, "approve the post")
        if not approved_by:
            raise RulesViolated([RuleViolation("approver_missing", "approved_by", "is required")])
        approved = attrs.evolve(
            self, status=S.CLIENT_APPROVED, approved_by=approved_by, approved_at=_aware(now, "now")
        )
        return approved._record(ev.PostApproved(self.id, now, approved_by))

    # ---- scheduling -----------------------------------------------------------

    def manual_reason_for(self, *, channel_is_manual: bool) -> ManualReason | None:
        """Why this post cannot go through the API, if it cannot."""
        if channel_is_manual or self.settings.publish_method is PublishMethod.MANUAL:
            return ManualReason.MANUAL_CHANNEL
        if self.kind is MediaKind.VIDEO and not isinstance(self.media, VideoMedia):
            return ManualReason.NO_VIDEO
        return None

    def ensure_schedulable(self, action: str = "schedule the post") -> None:
        """Only an approved (or already scheduled) post may be scheduled or published now."""
        if self.status not in (S.CLIENT_APPROVED, S.SCHEDULED):
            raise InvalidTransition("post", self.status, S.SCHEDULED, action)

    def schedule(self, *, at: datetime, now: datetime) -> SocialPost:
        """Schedule an approved post (or reschedule a scheduled one) for a future time."""
        self.ensure_schedulable()
        if _aware(at, "at") <= now:
            raise RulesViolated(
                [
                    RuleViolation(
                        "schedule_in_past",
                        "scheduled_at",
                        "must be in the future",
                        at.isoformat(),
                        now.isoformat(),
                    )
                ]
            )
        self._require_api_publishable()
        scheduled = attrs.evolve(self, status=S.SCHEDULED, scheduled_at=at, next_attempt_at=at)
        return scheduled._record(ev.PostScheduled(self.id, now, at))

    def publish_now(self, *, now: datetime) -> SocialPost:
        """Make an approved or scheduled post due at once."""
        self.ensure_schedulable("publish the post now")
        self._require_api_publishable()
        due = attrs.evolve(self, status=S.SCHEDULED, scheduled_at=now, next_attempt_at=now)
        return due._record(ev.PublishRequested(self.id, now))

    def unschedule(self, *, now: datetime) -> SocialPost:
        if self.status is not S.SCHEDULED:
            raise InvalidTransition("post", self.status, S.CLIENT_APPROVED, "unschedule the post")
        back = attrs.evolve(self, status=S.CLIENT_APPROVED, scheduled_at=None, next_attempt_at=None)
        return back._record(ev.PostUnscheduled(self.id, now))

    def wait_for_rate_window(self, *, until: datetime) -> SocialPost:
        """The token's posting window is full: become due when it opens (bookkeeping, no
        event and no attempt: nothing was sent)."""
        if self.status is not S.SCHEDULED:
            raise InvalidTransition("post", self.status, S.SCHEDULED, "wait for the window")
        return attrs.evolve(self, next_attempt_at=until)

    def is_due(self, now: datetime) -> bool:
        return (
            self.status is S.SCHEDULED
            and self.next_attempt_at is not None
            and self.next_attempt_at <= now
        )

    # ---- publishing -----------------------------------------------------------

    def start_publishing(self, *, attempt: int, now: datetime) -> SocialPost:
        if self.status is not S.SCHEDULED:
            raise InvalidTransition("post", self.status, S.PUBLISHING, "start publishing")
        if attempt != self.attempts + 1:
            raise DomainError(
                f"attempt {attempt} out of order: post {self.id} has made {self.attempts} attempts"
            )
        if not self.is_due(now):
            raise DomainError(f"post {self.id} is not due until {self.next_attempt_at}")
        self._require_api_publishable()
        started = attrs.evolve(
            self,
            status=S.PUBLISHING,
            attempts=attempt,
            next_attempt_at=None,
            failure=None,
            tracking=None,
        )
        return started._record(ev.PublishingStarted(self.id, now, attempt))

    def record_publish_id(self, *, publish_id: str, now: datetime) -> SocialPost:
        """Record TikTok's publish_id. It must be stored before any byte is uploaded."""
        self._check_in_flight("record the publish id")
        if not publish_id:
            raise RulesViolated([RuleViolation("publish_id_empty", "publish_id", "is empty")])
        if self.publish_id == publish_id:
            return self
        if self.publish_id is not None:
            raise PublishIdConflict(
                f"post {self.id} already has publish id {self.publish_id}; got {publish_id}"
            )
        recorded = attrs.evolve(self, publish_id=publish_id, tracking=Tracking.PROCESSING)
        return recorded._record(ev.PublishIdRecorded(self.id, now, publish_id))

    def begin_upload(self, *, now: datetime) -> SocialPost:
        """Mark the upload as started; refused until the publish id is recorded."""
        self._check_in_flight("start the upload")
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
        return self._record(ev.UploadStarted(self.id, now, self.publish_id))

    def abandon_publish_id(self, *, reason: str, now: datetime) -> SocialPost:
        """Forget a publish id TikTok reported FAILED, or whose upload never completed."""
        self._check_in_flight("abandon the publish id")
        if self.publish_id is None:
            return self
        abandoned = attrs.evolve(self, publish_id=None, tracking=None)
        return abandoned._record(ev.PublishIdAbandoned(self.id, now, self.publish_id, reason))

    def mark_sent_to_inbox(self, *, now: datetime) -> SocialPost:
        self._check_in_flight("mark the post sent to the inbox")
        if self.settings.publish_method is not PublishMethod.INBOX or self.publish_id is None:
            raise DomainError(f"post {self.id} is not an inbox upload with a publish id")
        if self.tracking is Tracking.SENT_TO_INBOX:
            return self
        sent = attrs.evolve(self, tracking=Tracking.SENT_TO_INBOX)
        return sent._record(ev.PostSentToInbox(self.id, now, self.publish_id))

    def defer_attempt(self, *, error: TikTokError, retry_at: datetime, now: datetime) -> SocialPost:
        """A retryable error before TikTok holds the post: try again at ``retry_at``."""
        self._check_in_flight("defer the attempt", to=S.SCHEDULED)
        if self.publish_id is not None:
            raise DomainError(
                f"post {self.id} has publish id {self.publish_id}: reconcile it, do not re-send"
            )
        deferred = attrs.evolve(self, status=S.SCHEDULED, next_attempt_at=retry_at, failure=error)
        return deferred._record(ev.PublishAttemptDeferred(self.id, now, error.code, retry_at))

    def check_status_at(self, at: datetime) -> SocialPost:
        """When the status tracker should next ask TikTok (no event: bookkeeping only)."""
        self._check_in_flight("plan a status check")
        return attrs.evolve(self, next_attempt_at=at)

    def flag_unconfirmed(self, *, now: datetime) -> SocialPost:
        self._check_in_flight("flag the post unconfirmed")
        if self.tracking is Tracking.UNCONFIRMED:
            return self
        flagged = attrs.evolve(self, tracking=Tracking.UNCONFIRMED, next_attempt_at=None)
        return flagged._record(ev.PublishUnconfirmed(self.id, now, self.publish_id))

    def start_reconciling(self, *, reason: str, check_at: datetime, now: datetime) -> SocialPost:
        """An init's answer was lost and TikTok may have the post: look for it on the
        creator's profile from ``check_at`` on, never sending the init again."""
        self._check_in_flight("reconcile the post")
        if self.publish_id is not None:
            raise DomainError("a post with a publish id is reconciled by its status")
        if self.tracking is Tracking.RECONCILING:
            return attrs.evolve(self, next_attempt_at=check_at)
        started = attrs.evolve(self, tracking=Tracking.RECONCILING, next_attempt_at=check_at)
        return started._record(ev.ReconciliationStarted(self.id, now, reason))

    def found_on_profile(
        self, *, tiktok_post_id: str, share_url: str | None, now: datetime
    ) -> SocialPost:
        """The creator's video list shows the post: it is published, once."""
        self._check_in_flight("record the post found on the profile", to=S.PUBLISHED)
        found = self._record(ev.FoundOnProfile(self.id, now, tiktok_post_id))
        return found.mark_published(now=now, tiktok_post_ids=(tiktok_post_id,), share_url=share_url)

    def mark_published(
        self, *, now: datetime, tiktok_post_ids: tuple[str, ...] = (), share_url: str | None = None
    ) -> SocialPost:
        if self.status is not S.PUBLISHING:
            raise InvalidTransition("post", self.status, S.PUBLISHED, "mark the post published")
        done = attrs.evolve(
            self,
            status=S.PUBLISHED,
            tiktok_post_ids=tiktok_post_ids,
            share_url=share_url,
            tracking=None,
            failure=None,
        )
        return done._record(ev.PostPublished(self.id, now, tiktok_post_ids, share_url))

    def record_public_post(
        self, *, tiktok_post_id: str, share_url: str | None, now: datetime
    ) -> SocialPost:
        """TikTok made the post public (after moderation) and gave its id."""
        if self.status is not S.PUBLISHED:
            raise InvalidTransition("post", self.status, S.PUBLISHED, "record the public post id")
        if tiktok_post_id in self.tiktok_post_ids:
            return self
        public = attrs.evolve(
            self,
            tiktok_post_ids=(*self.tiktok_post_ids, tiktok_post_id),
            share_url=share_url or self.share_url,
        )
        return public._record(ev.PostBecamePublic(self.id, now, tiktok_post_id, share_url))

    def mark_failed(self, *, error: TikTokError, now: datetime) -> SocialPost:
        self._check_in_flight("mark the post failed", to=S.FAILED)
        failed = attrs.evolve(
            self, status=S.FAILED, failure=error, tracking=None, next_attempt_at=None
        )
        spec = error.spec
        return failed._record(
            ev.PostFailed(
                self.id,
                now,
                spec.code,
                spec.category.value,
                spec.message,
                spec.remedy,
                error.log_id,
            )
        )

    def retry(
        self, *, now: datetime, at: datetime | None = None, force: bool = False
    ) -> SocialPost:
        """Send a failed post again, now or at ``at``; a publish id it had is abandoned.

        A post that failed ambiguously (TikTok may hold it) is only retried with
        ``force``, after a person has checked the TikTok profile.
        """
        if self.status is not S.FAILED:
            raise InvalidTransition("post", self.status, S.SCHEDULED, "retry the post")
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
        retried = attrs.evolve(
            post, status=S.SCHEDULED, scheduled_at=when, next_attempt_at=when, failure=None
        )
        return retried._record(ev.PostRetried(self.id, now, when))

    # ---- manual publishing ----------------------------------------------------

    def move_to_manual(
        self, *, reason: ManualReason, now: datetime, detail: str = ""
    ) -> SocialPost:
        self._check(S.MANUAL_PENDING, "move the post to manual publishing")
        moved = attrs.evolve(
            self, status=S.MANUAL_PENDING, manual_reason=reason, next_attempt_at=None, tracking=None
        )
        return moved._record(ev.PostMovedToManual(self.id, now, reason, detail))

    def mark_manually_published(self, *, url: str, marked_by: str, now: datetime) -> SocialPost:
        if self.status is not S.MANUAL_PENDING:
            raise InvalidTransition(
                "post", self.status, S.PUBLISHED, "mark the post manually published"
            )
        if not url.startswith(("https://", "http://")):
            raise RulesViolated(
                [RuleViolation("url_invalid", "url", "must be an http(s) URL", url)]
            )
        done = attrs.evolve(self, status=S.PUBLISHED, share_url=url)
        return done._record(ev.PostManuallyPublished(self.id, now, url, marked_by))

    # ---- helpers ----------------------------------------------------------------

    def _record(self, event: ev.PostEvent) -> SocialPost:
        return attrs.evolve(self, events=(*self.events, event))

    def _check(self, to_state: PostStatus, action: str) -> None:
        if not can_move(self.status, to_state):
            raise InvalidTransition("post", self.status, to_state, action)

    def _check_in_flight(self, action: str, to: PostStatus = S.PUBLISHING) -> None:
        if self.status is not S.PUBLISHING:
            raise InvalidTransition("post", self.status, to, action)

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
