"""Another app's page receives TikTok's redirect and exchanges the code through our API."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.e2e.api_world import Api

PAGE = "https://admin.example/integrations/tiktok/back"


async def test_an_integrators_page_exchanges_the_code_and_state() -> None:
    a = await Api.start()
    try:
        b = await a.as_org("org-b")
        refused = await a.call("POST", "/v1/channels/connect", {"redirect_uri": PAGE}, expect=422)
        assert "redirect_uri" in str(refused)
        await a.call(
            "PUT", "/v1/organisation/return-origins", {"origins": ["https://admin.example"]}
        )
        started = await a.call("POST", "/v1/channels/connect", {"redirect_uri": PAGE}, expect=201)
        query = parse_qs(urlsplit(started["authorize_url"]).query)
        assert query["redirect_uri"] == [PAGE]
        a.world.tiktok.add_account("open-9", username="brand9")
        code = a.world.tiktok.issue_code("open-9")
        stolen = await b.call(
            "POST", "/v1/channels/exchange", {"code": code, "state": started["state"]}
        )
        assert stolen["code"] == "invalid_oauth_state", stolen
        done = await a.call(
            "POST", "/v1/channels/exchange", {"code": code, "state": started["state"]}, expect=201
        )
        assert done["created"] is True and done["channel"]["open_id"] == "open-9"
        again = await a.call(
            "POST", "/v1/channels/exchange", {"code": code, "state": started["state"]}
        )
        assert again["code"] == "invalid_oauth_state"  # single use
        for bad in ("https://admin.example/x?y=1", "https://evil.example/x", "//admin.example/x"):
            await a.call("POST", "/v1/channels/connect", {"redirect_uri": bad}, expect=422)
        await a.call("POST", "/v1/channels/exchange", {"code": "c"}, expect=422)
    finally:
        await a.close()
