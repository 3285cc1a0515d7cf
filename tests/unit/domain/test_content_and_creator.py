"""Post content rules and the creator gate, which reports every violation at once."""

from __future__ import annotations

import pytest

from domain.creator import creator_gate
from domain.errors import RulesViolated
from domain.post_content import (
    MediaKind,
    PhotoMedia,
    PostContent,
    PostSettings,
    PrivacyLevel,
    PublishMethod,
    VideoMedia,
    content_violations,
)
from domain.text import parse_hashtags, utf16_length
from tests.builders import creator, photo_post, video_post

V, P = MediaKind.VIDEO, MediaKind.PHOTO
PRIVATE = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY)


def codes(violations: object) -> set[str]:
    return {v.code for v in violations}  # type: ignore[attr-defined]


def test_caption_limit_counts_utf16_code_units() -> None:
    emoji = "\U0001f600"  # two UTF-16 code units
    assert utf16_length(emoji) == 2
    at_limit = PostContent(caption=emoji * 1100)
    over = PostContent(caption=emoji * 1100 + "a")
    assert content_violations(V, at_limit, PRIVATE, None) == []
    (violation,) = content_violations(V, over, PRIVATE, None)
    assert (violation.code, violation.value, violation.limit) == ("caption_too_long", 2201, 2200)


def test_photo_title_and_description_limits() -> None:
    media = PhotoMedia(("a.jpg",))
    ok = PostContent(title="t" * 90, description="d" * 4000)
    assert content_violations(P, ok, PRIVATE, media) == []
    bad = PostContent(title="t" * 91, description="d" * 4001)
    assert codes(content_violations(P, bad, PRIVATE, media)) == {
        "title_too_long",
        "description_too_long",
    }


def test_hashtags_are_parsed_from_the_caption() -> None:
    # lower-cased, de-duplicated, in order; "a#not" is not delimited; punctuation ends a tag
    assert parse_hashtags("New drop #Summer #sale\n#summer and a#not #ok!") == (
        "summer",
        "sale",
        "ok",
    )
    assert PostContent(caption="Launch #launch #BTS").hashtags == ("launch", "bts")


def test_branded_content_cannot_be_self_only() -> None:
    settings = PostSettings(privacy_level=PrivacyLevel.SELF_ONLY, brand_content_toggle=True)
    assert "branded_content_private" in codes(
        content_violations(V, PostContent(), settings, VideoMedia("v.mp4"))
    )


def test_photo_post_rules() -> None:
    settings = PostSettings(
        privacy_level=PrivacyLevel.SELF_ONLY, disable_duet=True, video_cover_timestamp_ms=100
    )
    found = codes(content_violations(P, PostContent(caption="c"), settings, PhotoMedia(("a.jpg",))))
    assert found >= {"photo_has_caption", "duet_stitch_video_only", "cover_timestamp_video_only"}
    assert "media_kind_mismatch" in codes(content_violations(P, PostContent(), PRIVATE, None))
    too_many = PhotoMedia(tuple(f"{i}.jpg" for i in range(36)))
    assert content_violations(P, PostContent(), PRIVATE, too_many)


def test_video_post_rules() -> None:
    settings = PostSettings(
        privacy_level=PrivacyLevel.SELF_ONLY, auto_add_music=True, video_cover_timestamp_ms=-1
    )
    found = codes(content_violations(V, PostContent(title="t"), settings, PhotoMedia(("a",))))
    assert found >= {
        "video_has_photo_text",
        "media_kind_mismatch",
        "music_photo_only",
        "cover_timestamp_negative",
    }


def test_creator_gate_passes_a_conforming_post() -> None:
    assert creator_gate(video_post(), creator(), video_duration_s=30) == ()


def test_creator_gate_reports_every_violation() -> None:
    settings = PostSettings(
        privacy_level=PrivacyLevel.FOLLOWER_OF_CREATOR,
        disable_comment=False,
        disable_duet=False,
        disable_stitch=False,
    )
    post = video_post(settings=settings)
    info = creator(
        comment_disabled=True,
        duet_disabled=True,
        stitch_disabled=True,
        max_video_post_duration_sec=60,
    )
    found = creator_gate(post, info, video_duration_s=61)
    assert codes(found) == {
        "privacy_level_option_mismatch",
        "interaction_disabled_by_creator",
        "duration_over_creator_max",
    }
    fields = {v.field for v in found}
    assert {"disable_comment", "disable_duet", "disable_stitch"} <= fields
    mismatch = next(v for v in found if v.code == "privacy_level_option_mismatch")
    assert mismatch.value == "FOLLOWER_OF_CREATOR" and "SELF_ONLY" in str(mismatch.limit)


def test_creator_gate_needs_a_privacy_level_for_direct_post() -> None:
    post = video_post(settings=PostSettings())
    assert codes(creator_gate(post, creator())) == {"privacy_level_missing"}


def test_inbox_uploads_do_not_need_privacy() -> None:
    post = video_post(settings=PostSettings(publish_method=PublishMethod.INBOX))
    assert creator_gate(post, creator()) == ()


def test_duet_and_stitch_are_ignored_for_photos() -> None:
    info = creator(duet_disabled=True, stitch_disabled=True)
    assert creator_gate(photo_post(), info) == ()


def test_most_private_privacy_prefers_self_only() -> None:
    assert creator().most_private_privacy() is PrivacyLevel.SELF_ONLY
    only_public = creator(privacy_level_options=(PrivacyLevel.PUBLIC_TO_EVERYONE,))
    assert only_public.most_private_privacy() is PrivacyLevel.PUBLIC_TO_EVERYONE


def test_invalid_content_cannot_be_drafted() -> None:
    with pytest.raises(RulesViolated):
        video_post(caption="x" * 2201)
