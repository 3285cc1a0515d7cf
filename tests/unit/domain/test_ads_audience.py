from __future__ import annotations

import hashlib

import pytest

from domain.ads.audience import (
    HashStats,
    IdentifierKind,
    LineHasher,
    Normaliser,
    PhoneEdition,
    email,
    hash_blocks,
    phone,
)
from domain.errors import RulesViolated


def sha(text: str) -> bytes:
    return hashlib.sha256(text.encode()).hexdigest().encode()


class TestNormalisation:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (b"name@x.com", b"name@x.com"),
            (b"name+tag@x.com", b"name@x.com"),
            (b"_name@x.com", None),  # must start with a letter or digit
            (b"+tag@x.com", None),
            (b"no-at-sign", None),
            (b"a@b@c", None),
        ],
    )
    def test_emails(self, raw: bytes, expected: bytes | None) -> None:
        assert email(raw) == expected

    def test_phones_follow_the_configured_edition(self) -> None:
        assert phone(b"+44 20 7183 8750", PhoneEdition.E164, b"1") == b"+442071838750"
        assert phone(b"(657)777-0000", PhoneEdition.DIGITS, b"1") == b"16577770000"
        assert phone(b"(657)777-0000", PhoneEdition.E164, b"1") == b"+16577770000"
        assert phone(b"0044 20 7183 8750", PhoneEdition.DIGITS, b"1") == b"442071838750"
        assert phone(b"12", PhoneEdition.E164, b"1") is None

    def test_a_bad_country_code_is_refused(self) -> None:
        with pytest.raises(RulesViolated):
            Normaliser(IdentifierKind.PHONE, country_code="+44")


class TestHashing:
    def test_emails_are_lowercased_untagged_and_hashed_across_block_boundaries(self) -> None:
        data = (
            b"Email\r\nAlice+promo@Example.com\r\nbob@example.com\n_bad@x.com\n\ncarol@example.com"
        )
        stats = HashStats()
        blocks = [data[i : i + 7] for i in range(0, len(data), 7)]
        out = b"".join(hash_blocks(blocks, Normaliser(IdentifierKind.EMAIL), stats))
        assert out.split() == [
            sha("alice@example.com"),
            sha("bob@example.com"),
            sha("carol@example.com"),
        ]
        assert (stats.lines, stats.hashed, stats.rejected) == (4, 3, 1)

    def test_csv_lines_give_their_first_column(self) -> None:
        hasher = LineHasher(Normaliser(IdentifierKind.EMAIL))
        out = hasher.feed(b'"dan@example.com",Dan,42\n') + hasher.finish()
        assert out == sha("dan@example.com") + b"\n"

    def test_mobile_ad_ids_are_kept_in_one_casing(self) -> None:
        idfa = "6D92078A-8246-4BA4-AE5B-76104861E7DC"
        hasher = LineHasher(Normaliser(IdentifierKind.MAID))
        out = hasher.feed(f"{idfa}\nnot-an-id\n".encode()) + hasher.finish()
        assert out == sha(idfa.lower()) + b"\n"
        assert hasher.stats.rejected == 1

    def test_no_raw_identifier_survives_in_the_output(self) -> None:
        hasher = LineHasher(Normaliser(IdentifierKind.PHONE, PhoneEdition.DIGITS, "44"))
        out = hasher.feed(b"phone\n020 7183 8750\n") + hasher.finish()
        assert b"7183" not in out and out == sha("442071838750") + b"\n"


class TestBlockWideAndLineByLineAgree:
    LINES = [
        b"Ann+x@A.com", b"bob@b.com", b"c+1+2@c.co", b"d@e+f.com", b"+tag@x.com", b"e@",
        b"two@at@x.com", b"", b" sp@x.com", b"f@x.com,col", b'"g@x.com"', b"noat", b"h@x.com\r",
    ]  # fmt: skip

    def test_every_line_hashes_the_same_whichever_path_takes_it(self) -> None:
        normaliser = Normaliser(IdentifierKind.EMAIL)
        one_by_one = b""
        for line in self.LINES:  # a block each: odd lines force the line-by-line path
            hasher = LineHasher(normaliser)
            hasher._first = False
            one_by_one += hasher.feed(line + b"\n") + hasher.finish()
        plain = [b"Ann+x@A.com", b"bob@b.com", b"c+1+2@c.co", b"d@e+f.com"]
        block = LineHasher(normaliser)
        block._first = False
        together = block.feed(b"\n".join(plain) + b"\n") + block.finish()
        assert one_by_one.startswith(together)
        assert together.split() == [
            sha("ann@a.com"),
            sha("bob@b.com"),
            sha("c@c.co"),
            sha("d@e+f.com"),
        ]
        # the rest: " sp@x.com" (stripped), "f@x.com" (first column), "g@x.com" (unquoted),
        # "h@x.com" (carriage return); the others are rejected
        assert one_by_one[len(together) :].split() == [
            sha("sp@x.com"),
            sha("f@x.com"),
            sha("g@x.com"),
            sha("h@x.com"),
        ]
