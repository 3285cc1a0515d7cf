"""Pre-flight: probe the post's media and check it against TikTok's rules and the creator."""

from __future__ import annotations

import attrs

from application.errors import MediaUnreadable, NotFound
from application.ports import MediaProbe, ObjectStorage
from domain.creator import CreatorInfo, creator_gate
from domain.errors import RuleViolation
from domain.media_key import media_key_violations, media_keys
from domain.media_rules import MediaIssue, Severity, check_photo, check_video
from domain.post_content import PhotoMedia, VideoMedia
from domain.social_post import SocialPost
from domain.tiktok_errors import ErrorSource, TikTokError, classify


@attrs.frozen
class FileIssue:
    """One problem with one file (or with the post as a whole when ``file`` is empty)."""

    file: str
    issue: MediaIssue

    def describe(self) -> str:
        return self.issue.describe(self.file)


@attrs.frozen
class PreflightReport:
    issues: tuple[FileIssue, ...]
    video_duration_s: float | None = None

    @property
    def errors(self) -> tuple[FileIssue, ...]:
        return tuple(i for i in self.issues if i.issue.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[FileIssue, ...]:
        return tuple(i for i in self.issues if i.issue.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return not self.errors

    def rejection(self) -> TikTokError:
        """The error a post is failed with when the report has errors."""
        gate = any(not i.file for i in self.errors)
        code = "creator_gate_failed" if gate else "media_preflight_failed"
        detail = "; ".join(i.describe() for i in self.errors)
        return classify(ErrorSource.CLIENT, code, detail=detail)


def _unreadable(key: str, reason: str, code: str, fail_reason: str) -> FileIssue:
    return FileIssue(
        key,
        MediaIssue(Severity.ERROR, code, "file", key, "a readable media file", reason, fail_reason),
    )


def _refused(violation: RuleViolation) -> FileIssue:
    return FileIssue(
        str(violation.value),
        MediaIssue(
            Severity.ERROR,
            violation.code,
            violation.field,
            violation.value,
            violation.limit,
            violation.message,
            "file_format_check_failed",
        ),
    )


@attrs.frozen
class ValidatePost:
    storage: ObjectStorage
    probe: MediaProbe

    async def __call__(
        self, post: SocialPost, creator: CreatorInfo | None = None
    ) -> PreflightReport:
        issues: list[FileIssue] = []
        duration: float | None = None
        max_duration = creator.max_video_post_duration_sec if creator else None
        foreign = media_key_violations(media_keys(post.media), post.organisation_id)
        if foreign:  # never read another organisation's object (a worker included)
            return PreflightReport(tuple(_refused(v) for v in foreign))
        if isinstance(post.media, VideoMedia):
            key = post.media.key
            try:
                info = await self.storage.head(key)
                url = await self.storage.probe_locator(key)
                facts = await self.probe.probe_video(url, info.size)
            except NotFound:
                issues.append(
                    _unreadable(
                        key, "is not in object storage", "media_missing", "video_pull_failed"
                    )
                )
            except MediaUnreadable as exc:
                issues.append(
                    _unreadable(
                        key,
                        f"cannot be read as video: {exc.reason}",
                        "media_unreadable",
                        "file_format_check_failed",
                    )
                )
            else:
                duration = facts.duration_s
                issues += [
                    FileIssue(key, i) for i in check_video(facts, max_duration_s=max_duration)
                ]
        elif isinstance(post.media, PhotoMedia):
            for key in post.media.keys:
                issues += await self._photo(key)
        if creator is not None:
            issues += [
                FileIssue(
                    "", MediaIssue(Severity.ERROR, v.code, v.field, v.value, v.limit, v.message)
                )
                for v in creator_gate(post, creator, video_duration_s=None)
            ]
        return PreflightReport(tuple(issues), duration)

    async def _photo(self, key: str) -> list[FileIssue]:
        try:
            info = await self.storage.head(key)
            url = await self.storage.probe_locator(key)
            facts = await self.probe.probe_photo(url, info.size)
        except NotFound:
            return [
                _unreadable(key, "is not in object storage", "media_missing", "photo_pull_failed")
            ]
        except MediaUnreadable as exc:
            return [
                _unreadable(
                    key,
                    f"cannot be read as an image: {exc.reason}",
                    "media_unreadable",
                    "file_format_check_failed",
                )
            ]
        return [FileIssue(key, i) for i in check_photo(facts)]
