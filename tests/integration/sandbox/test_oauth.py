"""Login Kit v2 on the sandbox: authorize page, token grants, PKCE, refresh, revoke."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from adapters.sandbox.settings import TokenPreset
from tests.integration.sandbox.harness import ALL_SCOPES, REDIRECT, Tik, WebhookSink


async def test_the_consent_page_shows_the_app_the_scopes_and_the_accounts(tik: Tik) -> None:
    async with tik.http.get(
        f"{tik.base}/v2/auth/authorize/", params=tik.authorize_query()
    ) as response:
        page = await response.text()
    assert response.status == 200 and response.content_type == "text/html"
    assert tik.settings.client_key in page and "video.publish" in page
    assert "@sandbox_brand" in page and 'value="deny"' in page


async def test_approval_redirects_with_code_granted_scopes_and_state(tik: Tik) -> None:
    query = await tik.approve(scopes="user.info.basic,video.list")
    assert query["state"] == ["st-1"] and query["code"][0]
    assert query["scopes"] == ["user.info.basic,video.list"]


async def test_users_may_grant_only_some_scopes(tik: Tik) -> None:
    creator = tik.sandbox.state.creator_by_username("sandbox_brand")
    form = tik.authorize_query() | {"decision": "approve", "open_id": creator.open_id}
    async with tik.http.post(
        f"{tik.base}/v2/auth/authorize/",
        data=[*list(form.items()), ("grant", "video.publish")],
        allow_redirects=False,
    ) as response:
        granted = parse_qs(urlsplit(response.headers["Location"]).query)["scopes"][0]
    assert granted == "user.info.basic,video.publish"  # basic is always granted


async def test_denial_redirects_with_access_denied(tik: Tik) -> None:
    form = tik.authorize_query() | {"decision": "deny"}
    async with tik.http.post(
        f"{tik.base}/v2/auth/authorize/", data=form, allow_redirects=False
    ) as response:
        query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query["error"] == ["access_denied"] and query["state"] == ["st-1"]
    assert "code" not in query


async def test_auto_approve_redirects_at_once_as_the_session_creator(tik: Tik) -> None:
    tik.settings.auto_approve = True
    await tik.control("POST", "/session", {"username": "sandbox_private"})
    async with tik.http.get(
        f"{tik.base}/v2/auth/authorize/", params=tik.authorize_query(), allow_redirects=False
    ) as response:
        code = parse_qs(urlsplit(response.headers["Location"]).query)["code"][0]
    reply = await tik.token(grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert reply.body["open_id"] == "sbx-open-sandbox_private"


async def test_an_unregistered_redirect_uri_is_never_redirected_to(tik: Tik) -> None:
    for uri in ("https://evil.example/cb", f"{REDIRECT}?x=1"):
        async with tik.http.get(
            f"{tik.base}/v2/auth/authorize/",
            params=tik.authorize_query(redirect_uri=uri),
            allow_redirects=False,
        ) as response:
            assert response.status == 400 and "redirect_uri" in await response.text()
    tik.settings.redirect_uris = ("http://127.0.0.1:*/callback",)
    for uri, ok in (("http://127.0.0.1:5000/callback", True), (REDIRECT, False)):
        async with tik.http.get(
            f"{tik.base}/v2/auth/authorize/",
            params=tik.authorize_query(redirect_uri=uri),
            allow_redirects=False,
        ) as response:
            assert (response.status == 200) is ok


async def test_bad_authorize_parameters_redirect_with_the_oauth_error(tik: Tik) -> None:
    cases = {
        "response_type": ("token", "unsupported_response_type"),
        "scope": ("video.delete", "invalid_scope"),
        "state": ("", "invalid_request"),
    }
    for field, (value, error) in cases.items():
        async with tik.http.get(
            f"{tik.base}/v2/auth/authorize/",
            params=tik.authorize_query(**{field: value}),
            allow_redirects=False,
        ) as response:
            assert response.status == 302, field
            assert parse_qs(urlsplit(response.headers["Location"]).query)["error"] == [error]


async def test_code_exchange_returns_the_flat_token_set(tik: Tik) -> None:
    body = await tik.login()
    assert set(body) == {
        "access_token",
        "expires_in",
        "open_id",
        "refresh_token",
        "refresh_expires_in",
        "scope",
        "token_type",
    }
    assert body["access_token"].startswith("act.") and body["refresh_token"].startswith("rft.")
    assert (body["expires_in"], body["refresh_expires_in"]) == (7200, 180 * 86_400)
    assert body["token_type"] == "Bearer" and body["scope"] == ALL_SCOPES


async def test_a_code_is_single_use_and_short_lived(tik: Tik) -> None:
    code = (await tik.approve())["code"][0]
    first = await tik.token(grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    again = await tik.token(grant_type="authorization_code", code=code, redirect_uri=REDIRECT)
    assert first.status == 200 and again.body["error"] == "invalid_grant"
    assert again.status == 400 and again.body["log_id"]
    late = (await tik.approve())["code"][0]
    tik.clock.advance(timedelta(minutes=6))
    expired = await tik.token(grant_type="authorization_code", code=late, redirect_uri=REDIRECT)
    assert expired.body["error"] == "invalid_grant"


async def test_the_redirect_uri_must_match_the_authorize_one(tik: Tik) -> None:
    code = (await tik.approve())["code"][0]
    reply = await tik.token(
        grant_type="authorization_code", code=code, redirect_uri="http://127.0.0.1:8080/other"
    )
    assert (
        reply.body["error"] == "invalid_request"
        and "redirect_uri" in reply.body["error_description"]
    )


async def test_client_authentication(tik: Tik) -> None:
    wrong = await tik.token(grant_type="client_credentials", client_secret="nope")
    missing = await tik.token(grant_type="client_credentials", client_secret="")
    unknown = await tik.token(grant_type="client_credentials", client_key="other")
    assert wrong.body["error"] == unknown.body["error"] == "invalid_client"
    assert missing.body == missing.body | {
        "error": "invalid_request",
        "error_description": "Client secret is missed in request.",
    }


async def test_client_credentials_and_unsupported_grants(tik: Tik) -> None:
    client = await tik.token(grant_type="client_credentials")
    assert client.body["access_token"].startswith("clt.") and client.body["expires_in"] == 7200
    odd = await tik.token(grant_type="password")
    assert odd.body["error"] == "unsupported_grant_type"


async def test_the_token_endpoint_wants_a_form(tik: Tik) -> None:
    async with tik.http.post(
        f"{tik.base}/v2/oauth/token/", json={"grant_type": "client_credentials"}
    ) as response:
        body = await response.json()
    assert body["error"] == "invalid_request"


async def test_pkce_uses_the_hex_sha256_challenge(tik: Tik) -> None:
    verifier = "v" * 43 + "-._~"
    challenge = hashlib.sha256(verifier.encode()).hexdigest()
    code = (await tik.approve(code_challenge=challenge, code_challenge_method="S256"))["code"][0]
    wrong = await tik.token(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT, code_verifier="w" * 43
    )
    assert wrong.body["error"] == "invalid_grant"
    code = (await tik.approve(code_challenge=challenge))["code"][0]
    right = await tik.token(
        grant_type="authorization_code", code=code, redirect_uri=REDIRECT, code_verifier=verifier
    )
    assert right.status == 200 and right.body["access_token"]


async def test_refresh_rotates_and_the_old_refresh_token_stops_working(tik: Tik) -> None:
    first = await tik.login()
    fresh = await tik.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert fresh.status == 200 and fresh.body["refresh_token"] != first["refresh_token"]
    reused = await tik.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reused.body["error"] == "invalid_grant"
    newest = await tik.token(grant_type="refresh_token", refresh_token=fresh.body["refresh_token"])
    assert newest.status == 200


async def test_the_legacy_preset_keeps_the_refresh_token(tik: Tik) -> None:
    tik.settings.token_preset = TokenPreset.LEGACY
    first = await tik.login()
    assert first["expires_in"] == 86_400 and first["refresh_expires_in"] == 365 * 86_400
    again = await tik.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert again.body["refresh_token"] == first["refresh_token"]
    assert again.body["refresh_expires_in"] <= first["refresh_expires_in"]


async def test_an_expired_refresh_token_is_invalid_grant(tik: Tik) -> None:
    first = await tik.login()
    tik.clock.advance(timedelta(days=181))
    reply = await tik.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert reply.body["error"] == "invalid_grant"


async def test_oauth_errors_can_come_with_http_200(tik: Tik) -> None:
    tik.settings.oauth_error_status = 200
    reply = await tik.token(grant_type="refresh_token", refresh_token="rft.nope")
    assert reply.status == 200 and reply.body["error"] == "invalid_grant"


async def test_revoke_kills_the_grant_and_sends_authorization_removed(
    tik: Tik, webhooks: WebhookSink
) -> None:
    body = await tik.login()
    async with tik.http.post(
        f"{tik.base}/v2/oauth/revoke/",
        data={
            "client_key": tik.settings.client_key,
            "client_secret": tik.settings.client_secret,
            "token": body["access_token"],
        },
    ) as response:
        assert response.status == 200 and await response.json() == {}
    user = await tik.api(
        "GET", "/v2/user/info/", body["access_token"], params={"fields": "open_id"}
    )
    assert (user.status, user.code) == (401, "access_token_invalid")
    refreshed = await tik.token(grant_type="refresh_token", refresh_token=body["refresh_token"])
    assert refreshed.body["error"] == "invalid_grant"
    await webhooks.wait_for("authorization.removed")
    assert ("authorization.removed", {"reason": 5}) in webhooks.events()
