"""Request bodies of the /v1 API: attrs classes structured strictly by cattrs.

Unknown fields are refused, and no value is coerced ("1" is not an int, "false" is not a
bool): a request means exactly what it says or gets a 422 listing every bad field.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn

from domain.business_connection import ConnectionKind
from domain.post_content import (
    Media,
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PublishMethod,
    VideoMedia,
    VideoSource,
)
from domain.post_content import PrivacyLevel as Privacy

T = TypeVar("T")


@attrs.frozen
class MediaIn:
    video_key: str | None = None
    photo_keys: list[str] | None = None
    cover_index: int = 0

    def to_domain(self) -> Media | None:
        if self.video_key is not None and self.photo_keys is not None:
            raise ValueError("give video_key or photo_keys, not both")
        if self.video_key is not None:
            return VideoMedia(self.video_key)
        if self.photo_keys is not None:
            return PhotoMedia(tuple(self.photo_keys), self.cover_index)
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.video_key,) if self.video_key else tuple(self.photo_keys or ())


@attrs.frozen
class CreatePostIn:
    channel_id: str
    kind: MediaKind
    caption: str = ""
    title: str = ""
    description: str = ""
    media: MediaIn | None = None
    settings: PostSettings = attrs.Factory(PostSettings)
    created_by: str = "api"

    def content(self) -> PostContent:
        return PostContent(self.caption, self.title, self.description)


@attrs.frozen
class EditPostIn:
    caption: str | None = None
    title: str | None = None
    description: str | None = None
    media: MediaIn | None = None
    remove_media: bool = False
    settings: PostSettings | None = None


@attrs.frozen
class ApproveIn:
    approved_by: str


@attrs.frozen
class ScheduleIn:
    at: datetime


@attrs.frozen
class RetryIn:
    at: datetime | None = None
    force: bool = False


@attrs.frozen
class MarkPublishedIn:
    url: str
    marked_by: str = "api"


@attrs.frozen
class ConnectIn:
    return_url: str | None = None
    kind: ConnectionKind = ConnectionKind.LOGIN_KIT  # accounts_api: insights and comments
    channel_id: str | None = None  # attach the Accounts API connection to this channel


@attrs.frozen
class ReturnOriginsIn:
    origins: list[str]


@attrs.frozen
class ApiKeyIn:
    name: str = ""


def _strict(kind: type) -> Any:
    def structure(value: Any, _: type) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return structure


def _member(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ValueError(f"{value!r} is not one of {allowed}") from None


def _aware(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 date-time string")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a date-time needs a time zone offset, e.g. 2026-05-01T09:00:00Z")
    return parsed


converter = cattrs.Converter(forbid_extra_keys=True)
for _kind in (str, int, bool, float):
    converter.register_structure_hook(_kind, _strict(_kind))
for _enum in (
    MediaKind,
    Privacy,
    PublishMethod,
    VideoSource,
    ConnectionKind,
):  # before str's hook catches them
    converter.register_structure_hook(_enum, _member)
converter.register_structure_hook(datetime, _aware)
for _cls in (
    MediaIn,
    PostSettings,
    CreatePostIn,
    EditPostIn,
    ApproveIn,
    ScheduleIn,
    RetryIn,
    MarkPublishedIn,
    ConnectIn,
    ReturnOriginsIn,
    ApiKeyIn,
):
    converter.register_structure_hook(
        _cls, make_dict_structure_fn(_cls, converter, _cattrs_forbid_extra_keys=True)
    )


def structure(data: Any, cls: type[T]) -> T:
    """Raises cattrs' validation errors (turned into a 422 by the problem middleware)."""
    if not isinstance(data, dict):
        raise cattrs.errors.ClassValidationError(
            "the body must be a JSON object", [TypeError("expected an object")], cls
        )
    return converter.structure(data, cls)
