"""The composer's form: what was typed, read into the domain's values, and the messages a
field shows when something is missing. The post's own rules stay in the domain (they come
back from the use-cases as RuleViolations and are placed next to their fields here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from domain.errors import RuleViolation
from domain.post_content import (
    Media,
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PrivacyLevel,
    PublishMethod,
    VideoMedia,
)
from entrypoints.console.local_time import parse_local

NEXT_STEPS = ("draft", "approval", "schedule")
PRIVACY_LABELS = {
    PrivacyLevel.PUBLIC_TO_EVERYONE: "Everyone",
    PrivacyLevel.MUTUAL_FOLLOW_FRIENDS: "Friends (followers you follow back)",
    PrivacyLevel.FOLLOWER_OF_CREATOR: "Followers",
    PrivacyLevel.SELF_ONLY: "Only me",
}
METHOD_LABELS = {
    PublishMethod.DIRECT_POST: "Post directly to TikTok",
    PublishMethod.INBOX: "Send to the creator's TikTok inbox (they finish it in the app)",
    PublishMethod.MANUAL: "Post by hand (we prepare the caption and files)",
}
# Where a rule's field is shown on the form.
_PLACES = {
    "caption": "caption",
    "title": "title",
    "description": "description",
    "privacy_level": "privacy_level",
    "scheduled_at": "at",
    "at": "at",
    "disable_comment": "interactions",
    "disable_duet": "interactions",
    "disable_stitch": "interactions",
    "auto_add_music": "auto_add_music",
    "brand_content_toggle": "commercial",
    "brand_organic_toggle": "commercial",
    "commercial": "commercial",
    "publish_method": "publish_method",
    "kind": "kind",
}
TEXT_FIELDS = ("caption", "title", "description", "at", "privacy_level", "publish_method")
FLAGS = (
    "allow_comment",
    "allow_duet",
    "allow_stitch",
    "disclose",
    "your_brand",
    "branded",
    "is_aigc",
    "auto_add_music",
)
LONGEST_TEXT = 20_000


def place_of(field: str) -> str:
    """The form field a rule's field belongs to (media rules go by the upload)."""
    if field.startswith("media") or field in {"video", "photo", "duration", "size"}:
        return "media"
    return _PLACES.get(field, "form")


@attrs.frozen
class Composed:
    """A read form: the values to show again, and the domain's values when complete."""

    values: dict[str, Any]
    errors: dict[str, list[str]]
    kind: MediaKind = MediaKind.VIDEO
    content: PostContent = attrs.Factory(PostContent)
    settings: PostSettings = attrs.Factory(PostSettings)
    media: Media | None = None
    at: datetime | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def with_violations(self, found: Iterable[RuleViolation]) -> Composed:
        errors = {k: list(v) for k, v in self.errors.items()}
        for v in found:
            errors.setdefault(place_of(v.field), []).append(v.message)
        return attrs.evolve(self, errors=errors)


def blank(channel_id: str) -> dict[str, Any]:
    """A new form: nothing chosen for the person (privacy and interactions included)."""
    return {
        "channel_id": channel_id,
        "post_id": "",
        "kind": "video",
        "next": "draft",
        "video_key": "",
        "photo_keys": [],
        **dict.fromkeys(TEXT_FIELDS, ""),
        **dict.fromkeys(FLAGS, False),
        "publish_method": PublishMethod.DIRECT_POST.value,
    }


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    return value[:LONGEST_TEXT] if isinstance(value, str) else ""


def read(form: Any, *, channel_id: str, time_zone: str) -> Composed:
    """The posted form (a MultiDict) as values, errors and the domain's values."""
    values = blank(channel_id)
    values.update({name: _text(form, name) for name in (*TEXT_FIELDS, "kind", "next")})
    values.update({name: _text(form, name) == "on" for name in FLAGS})
    values["post_id"] = _text(form, "post_id")
    values["video_key"] = _text(form, "video_key")
    values["photo_keys"] = [k for k in form.getall("photo_key", []) if isinstance(k, str) and k][
        :35
    ]
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    kind = MediaKind.PHOTO if values["kind"] == "photo" else MediaKind.VIDEO
    values["kind"] = kind.value
    if values["next"] not in NEXT_STEPS:
        values["next"] = "draft"
    method = values["publish_method"]
    if method not in PublishMethod.__members__.values():
        fail("publish_method", "choose how the post goes out")
        method = PublishMethod.DIRECT_POST.value
    privacy: PrivacyLevel | None = None
    if values["privacy_level"] in PrivacyLevel.__members__.values():
        privacy = PrivacyLevel(values["privacy_level"])
    else:
        fail("privacy_level", "choose who can view this post (there is no default)")
    if values["disclose"] and not (values["your_brand"] or values["branded"]):
        fail(
            "commercial",
            "you need to indicate if your content promotes yourself, a third party, or both",
        )
    video = kind is MediaKind.VIDEO
    settings = PostSettings(
        privacy_level=privacy,
        disable_comment=not values["allow_comment"],
        disable_duet=video and not values["allow_duet"],
        disable_stitch=video and not values["allow_stitch"],
        is_aigc=values["is_aigc"],
        brand_organic_toggle=values["disclose"] and values["your_brand"],
        brand_content_toggle=values["disclose"] and values["branded"],
        auto_add_music=not video and values["auto_add_music"],
        publish_method=PublishMethod(method),
    )
    media: Media | None
    if video:
        content = PostContent(caption=values["caption"])
        media = VideoMedia(values["video_key"]) if values["video_key"] else None
    else:
        content = PostContent(title=values["title"], description=values["description"])
        media = PhotoMedia(tuple(values["photo_keys"])) if values["photo_keys"] else None
        if media is None:
            fail("media", "upload 1 to 35 photos")
    at = None
    if values["next"] == "schedule":
        parsed = parse_local(values["at"], time_zone)
        if isinstance(parsed, RuleViolation):
            fail("at", parsed.message)
        else:
            at = parsed
    return Composed(values, errors, kind, content, settings, media, at)


def notice(values: Mapping[str, Any]) -> str:
    """TikTok's label for disclosed commercial content (facts 4.15)."""
    if not values.get("disclose"):
        return ""
    if values.get("branded"):
        return "Your post will be labeled as “Paid partnership”."
    if values.get("your_brand"):
        return "Your post will be labeled as “Promotional content”."
    return "You need to indicate if your content promotes yourself, a third party, or both."
