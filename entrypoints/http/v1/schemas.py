"""Request bodies of the /v1 API: attrs classes structured strictly by cattrs.

Unknown fields are refused, and no value is coerced ("1" is not an int, "false" is not a
bool): a request means exactly what it says or gets a 422 listing every bad field.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn
from cattrs.v import format_exception

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
from domain.text import unstorable

T = TypeVar("T")

# Bounds of the public API's inputs (ADR 0019): every string has a maximum, published in the
# OpenAPI document (maxLength) from the field's metadata, and checked when a body is read.
STRING_MAX = 10_000  # any request string without a tighter bound (the strict converter)
ID_MAX = 100
TEXT_MAX = 10_000  # captions, titles, descriptions: the domain's own limits are tighter
NAME_MAX = 200  # who approved, who marked, key names
URL_MAX = 2048
KEY_MAX = 1024  # media keys (S3's limit)
PHOTOS_MAX = 35
COVER_MS_MAX = 3_600_000


def text(max_length: int, default: Any = attrs.NOTHING) -> Any:
    """A string field of at most ``max_length`` characters (None passes when optional)."""
    return attrs.field(
        default=default,
        validator=attrs.validators.optional(attrs.validators.max_len(max_length)),
        metadata={"maxLength": max_length},
    )


def texts(max_items: int, max_length: int, default: Any = attrs.NOTHING) -> Any:
    """A list of at most ``max_items`` strings of at most ``max_length`` characters."""
    return attrs.field(
        default=default,
        validator=attrs.validators.optional(
            attrs.validators.deep_iterable(
                attrs.validators.max_len(max_length), attrs.validators.max_len(max_items)
            )
        ),
        metadata={"maxItems": max_items, "items": {"maxLength": max_length}},
    )


def number(low: int, high: int, default: Any = attrs.NOTHING) -> Any:
    """An integer field between ``low`` and ``high``."""
    return attrs.field(
        default=default,
        validator=attrs.validators.optional([attrs.validators.ge(low), attrs.validators.le(high)]),
        metadata={"minimum": low, "maximum": high},
    )


@attrs.frozen
class MediaIn:
    video_key: str | None = text(KEY_MAX, None)
    photo_keys: list[str] | None = texts(PHOTOS_MAX, KEY_MAX, None)
    cover_index: int = number(0, PHOTOS_MAX - 1, 0)

    def to_domain(self) -> Media | None:
        if self.video_key is not None and self.photo_keys is not None:
            raise ValueError("give video_key or photo_keys, not both")
        if self.video_key is not None:
            return VideoMedia(self.video_key)
        if self.photo_keys is not None:
            return PhotoMedia(tuple(self.photo_keys), self.cover_index)
        return None


@attrs.frozen
class PostSettingsIn:
    """The post settings the API accepts: its own shape, mapped onto the domain's."""

    privacy_level: Privacy | None = None
    disable_duet: bool = False
    disable_comment: bool = False
    disable_stitch: bool = False
    video_cover_timestamp_ms: int | None = number(0, COVER_MS_MAX, None)
    is_aigc: bool = False
    brand_content_toggle: bool = False
    brand_organic_toggle: bool = False
    auto_add_music: bool = False
    publish_method: PublishMethod = PublishMethod.DIRECT_POST
    video_source: VideoSource = VideoSource.FILE_UPLOAD

    def to_domain(self) -> PostSettings:
        return PostSettings(**_same_fields(self, PostSettings))

    @classmethod
    def of(cls, settings: PostSettings) -> PostSettingsIn:
        """The public shape of a post's settings (what a response shows)."""
        return cls(**_same_fields(settings, cls))


def _same_fields(source: object, target: type) -> dict[str, Any]:
    """The values of ``source`` for every field ``target`` declares, by name: the public
    settings and the domain's map one to one today, and a field one side lacks fails
    loudly here rather than vanishing."""
    return {f.name: getattr(source, f.name) for f in attrs.fields(target)}


@attrs.frozen(kw_only=True)
class CreatePostIn:
    channel_id: str = text(ID_MAX)
    kind: MediaKind = attrs.field()
    caption: str = text(TEXT_MAX, "")
    title: str = text(TEXT_MAX, "")
    description: str = text(TEXT_MAX, "")
    media: MediaIn | None = None
    settings: PostSettingsIn = attrs.Factory(PostSettingsIn)
    created_by: str = text(NAME_MAX, "api")

    def content(self) -> PostContent:
        return PostContent(self.caption, self.title, self.description)


@attrs.frozen
class EditPostIn:
    caption: str | None = text(TEXT_MAX, None)
    title: str | None = text(TEXT_MAX, None)
    description: str | None = text(TEXT_MAX, None)
    media: MediaIn | None = None
    remove_media: bool = False
    settings: PostSettingsIn | None = None


@attrs.frozen
class ApproveIn:
    approved_by: str = text(NAME_MAX)


@attrs.frozen
class ScheduleIn:
    at: datetime


@attrs.frozen
class RetryIn:
    at: datetime | None = None
    force: bool = False


@attrs.frozen
class MarkPublishedIn:
    url: str = text(URL_MAX)
    marked_by: str = text(NAME_MAX, "api")


@attrs.frozen
class ConnectIn:
    return_url: str | None = text(URL_MAX, None)
    kind: ConnectionKind = ConnectionKind.LOGIN_KIT  # accounts_api: insights and comments
    channel_id: str | None = text(ID_MAX, None)  # attach the Accounts API connection here
    redirect_uri: str | None = text(URL_MAX, None)  # another app's page: then /exchange


@attrs.frozen
class ExchangeIn:
    """What TikTok's redirect brought to another app's page."""

    code: str = text(NAME_MAX * 5)
    state: str = text(NAME_MAX)


@attrs.frozen
class ReturnOriginsIn:
    origins: list[str] = texts(20, 255)


@attrs.frozen
class ApiKeyIn:
    name: str = text(NAME_MAX, "")


def _strict(kind: type) -> Any:
    def structure(value: Any, _: type) -> Any:
        if type(value) is not kind and not (kind is float and type(value) is int):
            raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
        if isinstance(value, str) and unstorable(value):
            raise ValueError("a string may not hold NUL or a lone surrogate")
        if isinstance(value, str) and len(value) > STRING_MAX:
            raise ValueError(f"a string may hold at most {STRING_MAX} characters")
        return value

    return structure


def _member(value: Any, kind: type[enum.Enum]) -> enum.Enum:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in kind)
        raise ValueError(f"{str(value)[:50]!r} is not one of {allowed}") from None


def _aware(value: Any, _: type) -> datetime:
    if not isinstance(value, str):
        raise TypeError("expected an ISO 8601 date-time string")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError("a date-time needs a time zone offset, e.g. 2026-05-01T09:00:00Z")
    try:
        parsed.astimezone(UTC)
    except OverflowError:
        raise ValueError("the date-time is outside the range this service keeps") from None
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
    PostSettingsIn,
    CreatePostIn,
    EditPostIn,
    ApproveIn,
    ScheduleIn,
    RetryIn,
    MarkPublishedIn,
    ConnectIn,
    ExchangeIn,
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


def explain_field(exc: BaseException, kind: type | None) -> str:
    """cattrs' wording for a bad field, with a bound's own message (``Length of 'name'
    must be <= 200: 100000``) instead of a bare "invalid value"."""
    if type(exc) is ValueError and str(exc):
        return f"invalid value: {str(exc)[:300]}"
    return format_exception(exc, kind)


def field_errors(exc: cattrs.BaseValidationError, path: str = "body") -> list[str]:
    """Every bad field of a body, for a 422 problem or a CLI message."""
    return cattrs.transform_error(exc, path=path, format_exception=explain_field)
