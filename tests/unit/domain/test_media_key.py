"""Media keys are normalised by construction and belong to one organisation."""

from __future__ import annotations

import pytest

from domain.errors import RulesViolated
from domain.media_key import (
    InvalidMediaKey,
    MediaKey,
    check_own_media,
    media_key_violations,
    organisation_prefix,
)
from domain.post_content import PhotoMedia, VideoMedia

BAD = [
    "orgs/other/../demo-org/a.mp4",
    "orgs/demo-org/./a.mp4",
    "orgs//demo-org/a.mp4",
    "/orgs/demo-org/a.mp4",
    "orgs\\demo-org\\a.mp4",
    "orgs/demo-org/a\x00.mp4",
    "orgs/demo-org/a\n.mp4",
    "orgs/demo-org/a\ud800.mp4",
    "orgs/demo-org/",
    "",
    "x" * 1025,
]


class TestMediaKey:
    @pytest.mark.parametrize("raw", BAD)
    def test_a_key_that_is_not_normalised_cannot_be_made(self, raw: str) -> None:
        with pytest.raises(InvalidMediaKey):
            MediaKey.parse(raw)

    def test_a_normal_key_is_kept_as_given(self) -> None:
        assert MediaKey.parse("orgs/a/1/clip one.mp4").value == "orgs/a/1/clip one.mp4"

    def test_belonging_compares_whole_segments(self) -> None:
        assert MediaKey.parse("orgs/a/1/x.mp4").belongs_to("a")
        assert not MediaKey.parse("orgs/ab/1/x.mp4").belongs_to("a")
        assert not MediaKey.parse("orgs/a").belongs_to("a")
        assert not MediaKey.parse("media/a/x.mp4").belongs_to("a")

    def test_an_upload_key_lies_under_the_organisation(self) -> None:
        key = MediaKey.for_upload(organisation_id="a", unique="u1", name="x.mp4")
        assert key.value == "orgs/a/u1/x.mp4" and key.belongs_to("a")

    def test_an_organisation_id_with_a_slash_names_no_prefix(self) -> None:
        with pytest.raises(InvalidMediaKey):
            organisation_prefix("a/b")


class TestOwnMedia:
    def test_a_dot_dot_key_into_another_organisation_is_refused(self) -> None:
        with pytest.raises(RulesViolated) as caught:
            check_own_media(VideoMedia("orgs/other/../demo-org/a.mp4"), "other")
        assert [v.code for v in caught.value.violations] == ["media_key_invalid"]

    def test_another_organisations_key_is_foreign(self) -> None:
        found = media_key_violations(["orgs/demo-org/1/a.jpg", "orgs/me/1/b.jpg"], "me")
        assert [(v.code, v.value) for v in found] == [
            ("media_key_foreign", "orgs/demo-org/1/a.jpg")
        ]

    def test_own_photos_pass(self) -> None:
        check_own_media(PhotoMedia(("orgs/me/1/a.jpg", "orgs/me/2/b.jpg")), "me")
        check_own_media(None, "me")
