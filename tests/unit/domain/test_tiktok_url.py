"""mark-published takes only a TikTok video URL of the channel's own account."""

from __future__ import annotations

import pytest

from domain.errors import RulesViolated
from domain.post_state import PostStatus as S
from domain.tiktok_url import video_id_of
from tests.builders import LATER, post_in


class TestVideoUrl:
    @pytest.mark.parametrize(
        "url",
        [
            "https://www.tiktok.com/@brand/video/7307659872391589894",
            "https://tiktok.com/@Brand/video/7307659872391589894/",
            "https://m.tiktok.com/@brand/video/7307659872391589894?lang=en",
        ],
    )
    def test_the_accounts_own_video_gives_its_id(self, url: str) -> None:
        assert video_id_of(url, username="brand") == "7307659872391589894"

    @pytest.mark.parametrize(
        ("url", "code"),
        [
            ("https://evil.example/x", "url_not_tiktok_video"),
            ("http://www.tiktok.com/@brand/video/1", "url_not_tiktok_video"),
            ("https://www.tiktok.com.evil.example/@brand/video/1", "url_not_tiktok_video"),
            ("https://www.tiktok.com/@brand/photo/x", "url_not_tiktok_video"),
            ("https://www.tiktok.com/@someone_else/video/1", "url_other_account"),
        ],
    )
    def test_anything_else_is_refused(self, url: str, code: str) -> None:
        with pytest.raises(RulesViolated) as caught:
            video_id_of(url, username="brand")
        assert caught.value.violations[0].code == code

    def test_marking_records_the_video_id(self) -> None:
        done = post_in(S.MANUAL_PENDING).mark_manually_published(
            url="https://www.tiktok.com/@brand/video/42",
            account_username="brand",
            marked_by="me",
            now=LATER,
        )
        assert done.status is S.PUBLISHED and done.tiktok_post_ids == ("42",)
