"""Text measures TikTok uses: UTF-16 code units, and #hashtag parsing."""

from __future__ import annotations

import re

_HASHTAG = re.compile(r"(?:(?<=\s)|^)#([^\s#@]+)")


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units: how TikTok counts caption limits."""
    return len(text.encode("utf-16-le")) // 2


def parse_hashtags(text: str) -> tuple[str, ...]:
    """Hashtags in order of first use, lower-cased, without '#'.

    TikTok parses '#tag' only when it is delimited by spaces or newlines, so
    'word#tag' is not a hashtag. Trailing punctuation is not part of the tag.
    """
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(text):
        tag = match.group(1).rstrip(".,!?;:)]}\"'").lower()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def unstorable(text: str) -> bool:
    """True if ``text`` holds NUL or a lone surrogate: no database or UTF-8 encoder takes
    them, so no input may carry them."""
    return "\x00" in text or any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)
