"""Return URLs: a path on this service, or an allowed origin; nothing that leaves it."""

from __future__ import annotations

import pytest

from domain.errors import RulesViolated
from domain.return_url import normalise_origins, origin_of, return_url_violations

ALLOWED = {"https://admin.example"}


class TestReturnUrl:
    @pytest.mark.parametrize(
        "raw",
        [
            "//evil.example/x",
            "/\t/evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "https://evil.example/integrations",
            "https://admin.example@evil.example/",
            "https://admin.example.evil.example/",
            "javascript:alert(1)",
            "evil.example/x",
            "/ok\x00",
            "/" + "a" * 2048,
            "http://admin.example/integrations",  # another scheme is another origin
        ],
    )
    def test_what_could_leave_the_service_is_refused(self, raw: str) -> None:
        found = return_url_violations(raw, ALLOWED)
        assert [v.code for v in found] == ["return_url_refused"]

    @pytest.mark.parametrize(
        "raw",
        [
            "/channels",
            "/channels?tab=tiktok#done",
            "https://admin.example/integrations",
            "https://ADMIN.example:443/integrations?x=1",
        ],
    )
    def test_a_path_or_an_allowed_origin_is_accepted(self, raw: str) -> None:
        assert return_url_violations(raw, ALLOWED) == []

    def test_origin_of_drops_the_default_port_and_lowers_the_host(self) -> None:
        assert origin_of("HTTPS://Admin.Example:443/x") == "https://admin.example"
        assert origin_of("http://127.0.0.1:8080/x") == "http://127.0.0.1:8080"
        assert origin_of("ftp://host/") is None


class TestOrigins:
    def test_origins_are_normalised_and_deduplicated(self) -> None:
        assert normalise_origins(
            ["https://Admin.example", "https://admin.example/", "http://localhost:3000"]
        ) == ("https://admin.example", "http://localhost:3000")

    def test_anything_but_a_bare_origin_is_refused(self) -> None:
        with pytest.raises(RulesViolated) as caught:
            normalise_origins(["https://a.example/path", "//b.example", "https://c.example"])
        assert [v.field for v in caught.value.violations] == ["origins[0]", "origins[1]"]
