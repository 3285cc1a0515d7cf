"""Customer-file identifiers: TikTok's normalisation rules, then SHA-256, streamed.

The raw file arrives in blocks and leaves as lowercase SHA-256 hex lines; nothing raw
is kept beyond the block being worked on, so memory stays flat whatever the file's size.
Rules (facts section 8): emails are lowercased, must start with a letter or digit, and
lose a ``+tag`` before the ``@``; phones follow the configured edition (E.164 with ``+``,
June 2025, or digits only with the country code, August 2025: TikTok's two editions
disagree); mobile ad ids are kept in one casing (lowercase, our choice).
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Iterable, Iterator

import attrs

from domain.errors import RuleViolation, raise_if_any


class IdentifierKind(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    MAID = "maid"

    @property
    def calculate_type(self) -> str:
        return _CALCULATE_TYPE[self]


_CALCULATE_TYPE = {
    IdentifierKind.EMAIL: "EMAIL_SHA256",
    IdentifierKind.PHONE: "PHONE_SHA256",
    IdentifierKind.MAID: "MAID_SHA256",
}


class PhoneEdition(enum.StrEnum):
    E164 = "e164"  # June 2025: +442071838750
    DIGITS = "digits"  # August 2025: 442071838750, country code always present


HEADERS = frozenset(
    {b"email", b"emails", b"phone", b"phones", b"phone_number", b"maid", b"idfa", b"gaid",
     b"mobile_ad_id", b"advertising_id"}
)  # fmt: skip
_DIGITS = b"0123456789"
_NOT_DIGITS = bytes(b for b in range(256) if b not in _DIGITS)
_HEX_DASH = b"0123456789abcdef-"
_NOT_HEX_DASH = bytes(b for b in range(256) if b not in _HEX_DASH)
BLOCK = 1 << 20


@attrs.define
class HashStats:
    """Counts only: no identifier, raw or hashed, is kept here."""

    lines: int = 0
    hashed: int = 0
    rejected: int = 0


@attrs.frozen
class Normaliser:
    kind: IdentifierKind
    phone_edition: PhoneEdition = PhoneEdition.E164
    country_code: str = "1"  # added to phone numbers written without one

    def __attrs_post_init__(self) -> None:
        raise_if_any(
            []
            if self.country_code.isdigit() and 1 <= len(self.country_code) <= 3
            else [RuleViolation("country_code", "country_code", "1 to 3 digits", self.country_code)]
        )

    def one(self, raw: bytes) -> bytes | None:
        """The normalised identifier, or None when it cannot be one."""
        if self.kind is IdentifierKind.EMAIL:
            return email(raw.strip().lower())
        if self.kind is IdentifierKind.PHONE:
            return phone(raw, self.phone_edition, self.country_code.encode())
        return maid(raw.strip().lower())


def email(value: bytes) -> bytes | None:
    """``value`` already stripped and lowercased."""
    at = value.find(b"@")
    if at < 1 or value.find(b"@", at + 1) != -1 or at == len(value) - 1:
        return None
    if not value[:1].isalnum():
        return None
    plus = value.find(b"+", 0, at)
    if plus != -1:
        if plus == 0:
            return None
        value = value[:plus] + value[at:]
    return value


def phone(raw: bytes, edition: PhoneEdition, country_code: bytes) -> bytes | None:
    text = raw.strip()
    digits = text.translate(None, _NOT_DIGITS)
    if text.startswith(b"+"):
        full = digits
    elif digits.startswith(b"00"):
        full = digits[2:]
    else:
        full = country_code + digits.lstrip(b"0")
    if not 8 <= len(full) <= 15 or full.startswith(b"0"):
        return None
    return b"+" + full if edition is PhoneEdition.E164 else full


def maid(value: bytes) -> bytes | None:
    """IDFA or GAID: a UUID, one casing for the whole file (lowercase)."""
    if len(value) != 36 or value.translate(None, _NOT_HEX_DASH) != value or value.count(b"-") != 4:
        return None
    return value


def sha256_hex(normalised: bytes) -> bytes:
    return hashlib.sha256(normalised).hexdigest().encode()


class LineHasher:
    """Feed raw blocks, get hashed lines ("<hex>\\n" each) back; keeps only a partial line.

    Lines may be split across blocks; a header line (``email``, ``phone``...) is skipped;
    the first column of a CSV line is the identifier; lines that cannot be normalised are
    counted in ``stats.rejected`` and dropped.
    """

    def __init__(self, normaliser: Normaliser) -> None:
        self.normaliser = normaliser
        self.stats = HashStats()
        self._carry = b""
        self._first = True

    def feed(self, block: bytes) -> bytes:
        if not block:
            return b""
        data = self._carry + block if self._carry else block
        end = data.rfind(b"\n")
        if end == -1:
            self._carry = data
            return b""
        self._carry = data[end + 1 :]
        return self._chunk(data[:end])

    def finish(self) -> bytes:
        carry, self._carry = self._carry, b""
        return self._chunk(carry) if carry else b""

    def _chunk(self, chunk: bytes) -> bytes:
        """Whole lines: the common case of a plain email file runs block-wide (one
        lowercase, one tag removal and one check per block, then a list comprehension);
        anything unusual in the block goes line by line."""
        if self._first:
            self._first = False
            first, _sep, rest = chunk.partition(b"\n")
            if _first_column(first).strip().lower() in HEADERS:
                chunk = rest
            if not chunk:
                return b""
        n = self.normaliser
        if n.kind is IdentifierKind.EMAIL:
            fast = _plain_emails(chunk)
            if fast is not None:
                self.stats.lines += len(fast)
                self.stats.hashed += len(fast)
                fast.append("")
                return "\n".join(fast).encode()
        return _hash_lines(
            chunk.split(b"\n"), n.kind, n.phone_edition, n.country_code.encode(), self.stats,
            skip_header=False,
        )  # fmt: skip


_ODD = (b",", b'"', b" ", b"\t", b"\r", b"@\n")  # CSV, spaces, an empty domain
_PLUS_TAG = re.compile(rb"\+[^@\n]*@")  # a +tag in the local part, up to its @
_BAD_START = re.compile(rb"\n[^a-z0-9]")  # a line not starting with a letter or digit
_NOT_SEPARATOR = bytes(b for b in range(256) if b not in b"@\n")


def _plain_emails(chunk: bytes) -> list[str] | None:
    """Hex digests of every line, if every line is one plain address (once lowercased and
    untagged: exactly one @, a letter or digit first, something after the @); None sends
    the chunk line by line. The checks are block-wide scans in C, so the per-line cost is
    the hash alone."""
    data = chunk.lower()
    if b"+" in data:
        data = _PLUS_TAG.sub(b"@", data)
    if any(odd in data for odd in _ODD) or not data[:1].isalnum() or data.endswith(b"@"):
        return None
    lines = data.split(b"\n")
    # exactly one @ per line: the @s and newlines alternate, starting and ending with @
    if data.translate(None, _NOT_SEPARATOR) != b"@\n" * (len(lines) - 1) + b"@":
        return None
    if _BAD_START.search(data) is not None:
        return None
    sha = hashlib.sha256
    return [sha(line).hexdigest() for line in lines]


def hash_blocks(
    blocks: Iterable[bytes], normaliser: Normaliser, stats: HashStats
) -> Iterator[bytes]:
    """Hashed lines for an iterable of raw blocks (see LineHasher); counts go to ``stats``."""
    hasher = LineHasher(normaliser)
    hasher.stats = stats
    for block in blocks:
        out = hasher.feed(block)
        if out:
            yield out
    out = hasher.finish()
    if out:
        yield out


def _hash_lines(
    lines: list[bytes],
    kind: IdentifierKind,
    edition: PhoneEdition,
    cc: bytes,
    stats: HashStats,
    *,
    skip_header: bool,
) -> bytes:
    digests: list[str] = []
    add = digests.append
    new = hashlib.sha256
    start = 0
    if skip_header and lines and _first_column(lines[0]).strip().lower() in HEADERS:
        start = 1
    rejected = 0
    blank = 0
    if kind is IdentifierKind.EMAIL:
        for line in lines[start:] if start else lines:
            if b"," in line or b'"' in line:
                line = _first_column(line)
            value = line.strip().lower()
            if not value:
                blank += 1
                continue
            # the common case inline: one @, no +tag, starts with a letter or digit
            if b"+" in value or not value[:1].isalnum() or value.count(b"@") != 1:
                cleaned = email(value)
                if cleaned is None:
                    rejected += 1
                    continue
                value = cleaned
            elif value.endswith(b"@") or value.startswith(b"@"):
                rejected += 1
                continue
            add(new(value).hexdigest())
    else:
        for line in lines[start:] if start else lines:
            if b"," in line or b'"' in line:
                line = _first_column(line)
            if not line.strip():
                blank += 1
                continue
            other = (
                phone(line, edition, cc)
                if kind is IdentifierKind.PHONE
                else maid(line.strip().lower())
            )
            if other is None:
                rejected += 1
                continue
            add(new(other).hexdigest())
    stats.lines += len(lines) - start - blank
    stats.hashed += len(digests)
    stats.rejected += rejected
    if not digests:
        return b""
    digests.append("")
    return "\n".join(digests).encode()


def _first_column(line: bytes) -> bytes:
    return line.split(b",", 1)[0].strip().strip(b'"')
