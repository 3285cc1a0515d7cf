"""Everything the sandbox holds: accounts, grants, publications, posts, deliveries."""

from __future__ import annotations

import enum
import itertools
import secrets
from datetime import datetime
from pathlib import Path

import attrs

from adapters.sandbox.settings import CreatorSeed


class PubKind(enum.StrEnum):
    DIRECT_VIDEO = "direct_video"
    INBOX_VIDEO = "inbox_video"
    PHOTO_DIRECT = "photo_direct"
    PHOTO_UPLOAD = "photo_upload"

    @property
    def to_inbox(self) -> bool:
        return self in (PubKind.INBOX_VIDEO, PubKind.PHOTO_UPLOAD)

    @property
    def publish_type(self) -> str:
        return "INBOX_SHARE" if self.to_inbox else "DIRECT_PUBLISH"


class Status(enum.StrEnum):
    PROCESSING_UPLOAD = "PROCESSING_UPLOAD"
    PROCESSING_DOWNLOAD = "PROCESSING_DOWNLOAD"
    SEND_TO_USER_INBOX = "SEND_TO_USER_INBOX"
    PUBLISH_COMPLETE = "PUBLISH_COMPLETE"
    FAILED = "FAILED"


@attrs.define
class AuthCode:
    code: str
    open_id: str
    scopes: tuple[str, ...]
    redirect_uri: str
    code_challenge: str | None
    expires_at: datetime


@attrs.define
class Grant:
    """One token: access or refresh, for one creator and a set of scopes."""

    token: str
    open_id: str
    scopes: tuple[str, ...]
    expires_at: datetime
    revoked: bool = False


@attrs.define
class Upload:
    upload_id: str
    upload_token: str
    video_size: int
    chunk_size: int
    total_chunk_count: int
    expires_at: datetime
    path: Path
    received: int = 0
    chunks_done: int = 0

    def expected_range(self) -> tuple[int, int]:
        """The inclusive byte range of the next chunk."""
        first = self.chunks_done * self.chunk_size
        last_chunk = self.chunks_done == self.total_chunk_count - 1
        last = self.video_size - 1 if last_chunk else first + self.chunk_size - 1
        return first, last


@attrs.define
class Publication:
    publish_id: str
    open_id: str
    kind: PubKind
    source: str  # FILE_UPLOAD | PULL_FROM_URL
    created_at: datetime
    status: Status
    post_info: dict[str, object] = attrs.Factory(dict)
    upload: Upload | None = None
    urls: tuple[str, ...] = ()
    downloaded_bytes: int = 0
    fail_reason: str | None = None
    post_ids: tuple[int, ...] = ()
    public_post_ids: tuple[int, ...] = ()
    media_sha256: tuple[str, ...] = ()
    pending_share: bool = False  # counts against the pending-share cap
    finished_at: datetime | None = None

    @property
    def uploaded_bytes(self) -> int:
        return self.upload.received if self.upload is not None else 0


@attrs.define
class TikTokPost:
    """A post as it exists on "TikTok": what tests use to prove nothing went up twice."""

    id: int
    open_id: str
    publish_id: str | None
    create_time: int
    caption: str
    privacy_level: str
    media_sha256: tuple[str, ...]
    is_photo: bool = False
    duration: int = 0
    width: int = 1080
    height: int = 1920
    seeded: bool = False

    @property
    def public(self) -> bool:
        return self.privacy_level == "PUBLIC_TO_EVERYONE"


@attrs.define
class Delivery:
    event: str
    body: str
    attempts: int = 0
    delivered: bool = False
    last_status: int | None = None
    last_error: str = ""


@attrs.define
class SandboxState:
    creators: dict[str, CreatorSeed] = attrs.Factory(dict)  # by open_id
    codes: dict[str, AuthCode] = attrs.Factory(dict)
    access: dict[str, Grant] = attrs.Factory(dict)
    refresh: dict[str, Grant] = attrs.Factory(dict)
    publications: dict[str, Publication] = attrs.Factory(dict)
    uploads: dict[str, str] = attrs.Factory(dict)  # upload_id -> publish_id
    posts: list[TikTokPost] = attrs.Factory(list)
    deliveries: list[Delivery] = attrs.Factory(list)
    direct_inits: list[tuple[str, datetime]] = attrs.Factory(list)  # (open_id, when)
    session_open_id: str | None = None  # the "logged-in" creator for auto-approve
    # Ids must not repeat across sandbox restarts (clients keep them in their databases).
    _seq: itertools.count[int] = attrs.field(
        factory=lambda: itertools.count(secrets.randbelow(10**9) * 1000 + 1)
    )

    def next_number(self) -> int:
        return next(self._seq)

    def creator_by_username(self, username: str) -> CreatorSeed | None:
        return next((c for c in self.creators.values() if c.username == username), None)


def new_token(prefix: str) -> str:
    return f"{prefix}.{secrets.token_urlsafe(24)}"
