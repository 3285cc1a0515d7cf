"""Errors the application raises; adapters translate their drivers' errors into these."""

from __future__ import annotations

from datetime import datetime

from domain.tiktok_errors import Category, TikTokError


class ApplicationError(Exception):
    """Base of application errors."""


class NotFound(ApplicationError):
    def __init__(self, kind: str, key: str) -> None:
        self.kind = kind
        self.key = key
        super().__init__(f"{kind} {key!r} not found")


class Conflict(ApplicationError):
    """Someone else changed the record first (optimistic locking), or a duplicate."""


class UpstreamUnavailable(ApplicationError):
    """A service we depend on (database, storage, TikTok) cannot be reached."""


class DatabaseUnavailable(UpstreamUnavailable):
    """The database is lost, refuses connections or is failing over: nothing can be
    recorded now, so a worker waits (backing off) and resumes when it is back."""


class InvalidOAuthState(ApplicationError):
    """The OAuth state is unknown, used already, or expired."""


class MediaUnreadable(ApplicationError):
    """The media probe could not read the file (corrupt, truncated, not media)."""

    def __init__(self, locator: str, reason: str) -> None:
        self.locator = locator
        self.reason = reason
        super().__init__(f"{locator}: cannot read media: {reason}")


class MediaFetchFailed(UpstreamUnavailable):
    """The media could not be read for now (connection refused or reset, timeout, a 5xx):
    an upstream fault to retry, not bad content."""

    def __init__(self, locator: str, reason: str) -> None:
        self.locator = locator
        self.reason = reason
        super().__init__(f"cannot fetch media for now: {reason}")


class TikTokApiError(ApplicationError):
    """TikTok (or the way to it) answered with an error, classified by the taxonomy."""

    def __init__(self, error: TikTokError, *, http_status: int | None = None) -> None:
        self.error = error
        self.http_status = http_status
        super().__init__(error.describe())

    @property
    def ambiguous(self) -> bool:
        return self.error.category is Category.AMBIGUOUS


class CapReached(ApplicationError):
    """A TikTok cap blocks the request now; it lifts at ``until``."""

    def __init__(self, code: str, message: str, until: datetime) -> None:
        self.code = code
        self.until = until
        super().__init__(f"{message} (until {until.isoformat()})")


class Unauthenticated(ApplicationError):
    """No credential, or one we do not accept."""
