"""The HTTP client's OAuth and profile calls, against the in-process sandbox."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from adapters.tiktok.client import TikTokHttpClient
from application.errors import TikTokApiError
from domain.post_content import PrivacyLevel
from domain.secret import Secret
from domain.tiktok_errors import Category
from tests.integration.sandbox.harness import REDIRECT, Tik
from tests.integration.tiktok_client.conftest import connect


async def test_authorize_url_carries_every_parameter(client: TikTokHttpClient) -> None:
    url = client.authorize_url(
        state="st",
        redirect_uri=REDIRECT,
        scopes=["user.info.basic", "video.publish"],
        code_challenge="ab" * 32,
    )
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/v2/auth/authorize/"
    assert query["scope"] == ["user.info.basic,video.publish"]
    assert query["response_type"] == ["code"] and query["state"] == ["st"]
    assert query["code_challenge_method"] == ["S256"]


async def test_exchange_keeps_tiktoks_expiries(tik: Tik, client: TikTokHttpClient) -> None:
    grant = await connect(tik, client)
    assert grant.open_id == "sbx-open-sandbox_brand"
    assert (grant.expires_in, grant.refresh_expires_in) == (7200, 180 * 86_400)
    assert "act." not in repr(grant)


async def test_pkce_with_the_hex_challenge(tik: Tik, client: TikTokHttpClient) -> None:
    verifier = "x" * 50
    grant = await connect(
        tik,
        client,
        code_challenge=hashlib.sha256(verifier.encode()).hexdigest(),
        code_verifier=verifier,
    )
    assert grant.access_token


async def test_refresh_rotates_and_the_old_token_is_reconnect_needed(
    tik: Tik, client: TikTokHttpClient
) -> None:
    first = await connect(tik, client)
    second = await client.refresh(Secret(first.refresh_token))
    assert second.refresh_token != first.refresh_token
    with pytest.raises(TikTokApiError) as caught:
        await client.refresh(Secret(first.refresh_token))
    assert caught.value.error.code == "invalid_grant"
    assert caught.value.error.category is Category.RECONNECT_NEEDED
    assert caught.value.error.log_id


async def test_oauth_errors_are_found_even_with_http_200(
    tik: Tik, client: TikTokHttpClient
) -> None:
    tik.settings.oauth_error_status = 200
    with pytest.raises(TikTokApiError) as caught:
        await client.refresh(Secret("rft.unknown"))
    assert caught.value.error.code == "invalid_grant" and caught.value.http_status == 200


async def test_revoke_then_the_token_is_refused(tik: Tik, client: TikTokHttpClient) -> None:
    grant = await connect(tik, client)
    await client.revoke(Secret(grant.access_token))
    with pytest.raises(TikTokApiError) as caught:
        await client.user_info(Secret(grant.access_token), scopes=frozenset({"user.info.basic"}))
    assert caught.value.error.code == "access_token_invalid"
    assert caught.value.error.category is Category.AUTH_REFRESHABLE


async def test_user_info_asks_only_for_what_the_scopes_allow(
    tik: Tik, client: TikTokHttpClient
) -> None:
    grant = await connect(tik, client, scopes=("user.info.basic", "video.publish"))
    profile = await client.user_info(
        Secret(grant.access_token), scopes=frozenset(grant.scope.split(","))
    )
    assert profile.display_name == "Sandbox Brand" and profile.username is None
    full = await connect(tik, client)
    rich = await client.user_info(
        Secret(full.access_token), scopes=frozenset(full.scope.split(","))
    )
    assert (rich.username, rich.follower_count, rich.video_count) == ("sandbox_brand", 1200, 24)


async def test_creator_info_is_typed(tik: Tik, client: TikTokHttpClient) -> None:
    grant = await connect(tik, client, "sandbox_private")
    info = await client.creator_info(Secret(grant.access_token))
    assert info.privacy_level_options == (
        PrivacyLevel.FOLLOWER_OF_CREATOR,
        PrivacyLevel.MUTUAL_FOLLOW_FRIENDS,
        PrivacyLevel.SELF_ONLY,
    )
    assert info.duet_disabled and info.max_video_post_duration_sec == 180


async def test_creator_info_cannot_post_states_raise_despite_http_200(
    tik: Tik, client: TikTokHttpClient
) -> None:
    grant = await connect(tik, client, "sandbox_banned")
    with pytest.raises(TikTokApiError) as caught:
        await client.creator_info(Secret(grant.access_token))
    assert caught.value.http_status == 200
    assert caught.value.error.category is Category.POLICY


async def test_an_expired_access_token_is_auth_refreshable(
    tik: Tik, client: TikTokHttpClient
) -> None:
    grant = await connect(tik, client)
    tik.clock.advance(timedelta(hours=2))
    with pytest.raises(TikTokApiError) as caught:
        await client.creator_info(Secret(grant.access_token))
    assert caught.value.error.category is Category.AUTH_REFRESHABLE
