"""Object-storage keys of media, and which organisation a key belongs to (ADR 0019).

A media key is a normalised relative path: segments of printable characters separated by
single slashes, never empty, never ``.`` or ``..``, no backslash, no leading slash, no
control characters. An organisation's media lives under ``orgs/<organisation>/``; a key
belongs to an organisation when its first two segments say so, compared segment by
segment (never a string prefix: ``orgs/a/../b/x`` is not even a key).
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from domain.errors import DomainError, RuleViolation, raise_if_any
from domain.post_content import Media, PhotoMedia, VideoMedia

MAX_LENGTH = 1024  # S3's limit on key length (in bytes; our keys are measured in UTF-8)
ORGS = "orgs"


class InvalidMediaKey(DomainError, ValueError):
    """A string that is not a normalised media key."""


def key_problem(raw: object) -> str | None:
    """Why ``raw`` is not a normalised media key, or None if it is one."""
    if not isinstance(raw, str) or not raw:
        return "is empty"
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} bytes"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F or 0xD800 <= ord(ch) <= 0xDFFF for ch in raw):
        return "holds a control character or a lone surrogate"
    if "\\" in raw:
        return "holds a backslash"
    if raw.startswith("/"):
        return "starts with '/'"
    for segment in raw.split("/"):
        if segment == "":
            return "has an empty segment ('//' or a trailing '/')"
        if segment in (".", ".."):
            return f"has a '{segment}' segment"
    return None


def _normalised(_: object, __: object, value: str) -> None:
    problem = key_problem(value)
    if problem is not None:
        raise InvalidMediaKey(f"media key {value!r} {problem}")


@attrs.frozen
class MediaKey:
    """A key that is normalised by construction: it cannot hold ``..`` and the like."""

    value: str = attrs.field(validator=_normalised)

    @classmethod
    def parse(cls, raw: str) -> MediaKey:
        """Raises InvalidMediaKey (a ValueError) for anything not normalised."""
        return cls(raw)

    @classmethod
    def for_upload(cls, *, organisation_id: str, unique: str, name: str) -> MediaKey:
        """Where an upload of ``name`` goes: ``orgs/<org>/<unique>/<name>``."""
        return cls(f"{organisation_prefix(organisation_id)}{unique}/{name}")

    def belongs_to(self, organisation_id: str) -> bool:
        segments = self.value.split("/")
        return len(segments) >= 3 and segments[0] == ORGS and segments[1] == organisation_id

    def __str__(self) -> str:
        return self.value


def organisation_prefix(organisation_id: str) -> str:
    """The prefix of an organisation's media: ``orgs/<org>/``."""
    if key_problem(organisation_id) is not None or "/" in organisation_id:
        raise InvalidMediaKey(f"organisation id {organisation_id!r} cannot name a key segment")
    return f"{ORGS}/{organisation_id}/"


def media_key_violations(keys: Iterable[str], organisation_id: str) -> list[RuleViolation]:
    """Every key that is not normalised, or that lies outside the organisation's prefix."""
    found: list[RuleViolation] = []
    for key in keys:
        problem = key_problem(key)
        if problem is not None:
            found.append(
                RuleViolation("media_key_invalid", "media", f"the key {problem}", key[:200])
            )
        elif not MediaKey(key).belongs_to(organisation_id):
            found.append(
                RuleViolation(
                    "media_key_foreign",
                    "media",
                    f"the key is not under {ORGS}/{organisation_id}/",
                    key,
                    f"{ORGS}/{organisation_id}/",
                )
            )
    return found


def media_keys(media: Media | None) -> tuple[str, ...]:
    """The object keys a post's media names, in order."""
    if isinstance(media, VideoMedia):
        return (media.key,)
    if isinstance(media, PhotoMedia):
        return media.keys
    return ()


def check_own_media(media: Media | None, organisation_id: str) -> None:
    """Raises RulesViolated unless every key is normalised and the organisation's own."""
    raise_if_any(media_key_violations(media_keys(media), organisation_id))


UPLOAD_NAME_MAX = 120


def upload_name_violations(name: str) -> list[RuleViolation]:
    """An uploaded file keeps a plain name: letters, digits, ``.``, ``_``, ``-``."""
    plain = (
        0 < len(name) <= UPLOAD_NAME_MAX
        and name[0].isascii()
        and name[0].isalnum()
        and all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in name)
    )
    if plain:
        return []
    return [
        RuleViolation(
            "media_name_invalid",
            "name",
            f"must be a plain file name of 1 to {UPLOAD_NAME_MAX} letters, digits, '.', '_', "
            "'-', starting with a letter or digit",
            name[:200],
        )
    ]
