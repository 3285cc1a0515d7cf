"""Our Accounts API client against the sandbox's emulation: OAuth, insights, comments,
the envelope's errors and the rate limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.sandbox.business import BusinessSettings
from application.errors import TikTokApiError
from domain.secret import Secret
from domain.tiktok_errors import Category
from tests.integration.business.harness import REDIRECT, running_sandbox


class TestTokens:
    async def test_connect_refresh_info_and_revoke(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            grant = await biz.connect(client)
            assert grant.open_id in biz.sandbox.state.accounts
            assert grant.expires_in == 86_400 and grant.refresh_expires_in == 31_536_000
            assert "comment.list.manage" in grant.scope
            info = await client.token_info(Secret(grant.access_token))
            assert info.business_id == grant.open_id
            biz.clock.advance(timedelta(days=10))
            again = await client.refresh(Secret(grant.refresh_token))
            assert again.refresh_expires_in < grant.refresh_expires_in  # counts down
            await client.revoke(Secret(again.access_token))
            with pytest.raises(TikTokApiError) as refused:
                await client.refresh(Secret(grant.refresh_token))
            assert refused.value.error.code == "40107"
            assert refused.value.error.category is Category.RECONNECT_NEEDED

    async def test_a_used_code_is_refused_on_http_200(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            url = client.authorize_url(state="s", redirect_uri=REDIRECT)
            async with biz.http.get(url, allow_redirects=False) as response:
                code = response.headers["Location"].split("code=")[1].split("&")[0]
            await client.exchange_code(code=code, redirect_uri=REDIRECT)
            with pytest.raises(TikTokApiError) as used:
                await client.exchange_code(code=code, redirect_uri=REDIRECT)
            assert used.value.error.code == "40110" and used.value.http_status == 200


class TestInsights:
    async def test_account_metrics_lag_and_audience(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            grant = await biz.connect(client)
            token, today = Secret(grant.access_token), biz.clock.now().date()
            account = await client.account(
                token,
                business_id=grant.open_id,
                start=today - timedelta(days=59),
                end=today - timedelta(days=1),
            )
            assert account.is_business_account is True
            assert account.days[-1].day == today - timedelta(days=2)  # T+48 h
            assert len(account.days) == 58
            assert account.days[0].reach is not None and account.days[0].audience_activity
            assert account.ages and account.countries

    async def test_small_and_personal_accounts_get_no_audience(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            today = biz.clock.now().date()
            for name in ("sandbox_small", "sandbox_personal"):
                grant = await biz.connect(client, name)
                account = await client.account(
                    Secret(grant.access_token),
                    business_id=grant.open_id,
                    start=today - timedelta(days=3),
                    end=today,
                )
                assert account.ages == () and all(not d.audience_activity for d in account.days)
            assert all(d.reach is None for d in account.days)  # Business accounts only

    async def test_video_pages_and_null_not_zero(self) -> None:
        async with running_sandbox(BusinessSettings()) as biz:
            client = biz.client()
            grant = await biz.connect(client)
            token, videos, cursor = Secret(grant.access_token), [], None
            while True:
                page = await client.list_videos(token, business_id=grant.open_id, cursor=cursor)
                videos += page.videos
                if not page.has_more:
                    break
                cursor = page.cursor
            assert len(videos) == len({v.item_id for v in videos}) == 40
            lagging = [v for v in videos if v.views is None]  # under 48 h old: not measured
            emptied = [v for v in videos if v.views is not None and v.reach is None]
            assert lagging and all(v.reach is None for v in lagging)
            assert emptied and all(v.total_time_watched_s is None for v in emptied)
            assert all(v.views for v in emptied)  # counts stay; only emptiable fields go
            assert any(v.full_video_watched_rate for v in videos)


class TestComments:
    async def test_list_reply_hide_delete(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            grant = await biz.connect(client)
            token, bid = Secret(grant.access_token), grant.open_id
            made = await biz.control(
                "POST", "/comments", {"username": "sandbox_business", "count": 3}
            )
            video = made["video_id"]
            page = await client.list_comments(token, business_id=bid, video_id=video)
            assert {c.comment_id for c in page.comments} == set(made["comment_ids"])
            parent = made["comment_ids"][0]
            reply = await client.reply(
                token, business_id=bid, video_id=video, comment_id=parent, text="Thanks!"
            )
            assert reply.owner and reply.parent_comment_id == parent
            await client.hide(
                token,
                business_id=bid,
                video_id=video,
                comment_id=made["comment_ids"][1],
                hidden=True,
            )
            with pytest.raises(TikTokApiError) as not_ours:
                await client.delete_comment(token, business_id=bid, comment_id=parent)
            assert not_ours.value.error.code == "40001"
            await client.delete_comment(token, business_id=bid, comment_id=reply.comment_id)
            replies = await client.list_replies(
                token, business_id=bid, video_id=video, comment_id=parent
            )
            assert replies.comments == ()

    async def test_a_lost_reply_answer_is_ambiguous_and_not_retried(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            grant = await biz.connect(client)
            made = await biz.control("POST", "/comments", {"username": "sandbox_business"})
            biz.sandbox.settings.faults.lose_next_reply_answers = 1
            with pytest.raises(TikTokApiError) as lost:
                await client.reply(
                    Secret(grant.access_token),
                    business_id=grant.open_id,
                    video_id=made["video_id"],
                    comment_id=made["comment_ids"][0],
                    text="Thanks!",
                )
            assert lost.value.ambiguous
            assert biz.sandbox.state.replies_created == 1


class TestLimits:
    async def test_40100_is_waited_out(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            grant = await biz.connect(client)
            biz.sandbox.settings.faults.burst_40100 = 2
            page = await client.list_videos(Secret(grant.access_token), business_id=grant.open_id)
            assert page.videos and client.rate_limited_answers == 2


class TestWebhookConfig:
    async def test_the_comment_subscription_is_stored_at_tiktok(self) -> None:
        async with running_sandbox() as biz:
            client = biz.client()
            stored = await client.subscribe_comments(callback_url="https://us.example/hook")
            assert stored == "https://us.example/hook"
            assert biz.sandbox.state.webhooks["COMMENT"] == stored
