"""Response shapes of a post's pre-flight (validate, and the report a schedule or
publish-now answer carries) and of the manual-publish kit."""

from __future__ import annotations

import attrs

from domain.media_rules import Severity

Scalar = str | int | float | bool | None


@attrs.frozen
class MediaIssueOut:
    severity: Severity
    code: str
    field: str
    value: Scalar  # what the check measured (null: could not be read)
    limit: Scalar  # what TikTok allows, as a number or a short text ("23-60")
    message: str
    fail_reason: str | None  # TikTok's fail_reason this would cause, for errors


@attrs.frozen
class FileIssueOut:
    file: str  # the media key, or empty for the post as a whole
    issue: MediaIssueOut


@attrs.frozen
class PreflightOut:
    issues: list[FileIssueOut]
    video_duration_s: float | None


@attrs.frozen
class ValidationOut:
    ok: bool
    issues: list[FileIssueOut]
    video_duration_s: float | None
    errors: list[str]  # each issue of severity error, as a sentence
    warnings: list[str]


@attrs.frozen
class ManualKitOut:
    post_id: str
    caption: str
    hashtags: list[str]
    asset_links: list[str]  # signed links to the media
    deep_link: str  # opens TikTok's upload screen
    links_expire_in_s: int
    reason: str | None  # why the post is published by hand
