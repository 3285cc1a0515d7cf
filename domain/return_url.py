"""Where the OAuth callback may send a person back to (ADR 0019).

A return URL is either a path on this service (``/channels?x=1``: one leading slash, not
the scheme-relative ``//host``) or an absolute http(s) URL whose origin is on the
allow-list (configuration plus the organisation's own list). Backslashes, control
characters, whitespace, user info and anything over ``RETURN_URL_MAX`` are refused: a
browser reads those differently from us, which is how open redirects slip through.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

from domain.errors import RuleViolation, raise_if_any

RETURN_URL_MAX = 2048
ORIGIN_MAX = 255
ORIGINS_MAX = 20
SCHEMES = ("https", "http")
DEFAULT_PORTS = {"https": 443, "http": 80}


def _unsafe_character(text: str) -> bool:
    return any(
        ch == "\\"
        or ch.isspace()
        or ord(ch) < 0x20
        or 0x7F <= ord(ch) <= 0x9F
        or 0xD800 <= ord(ch) <= 0xDFFF
        for ch in text
    )


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of an absolute http(s) URL (lower case, default port
    dropped), or None if the URL has no such origin or names user info."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if scheme not in SCHEMES or not host or "@" in parts.netloc:
        return None
    shown = "" if port is None or port == DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{shown}"


def return_url_violations(raw: str, allowed_origins: Collection[str]) -> list[RuleViolation]:
    """Why ``raw`` may not be a return URL (empty when it may)."""

    def refused(message: str) -> list[RuleViolation]:
        return [RuleViolation("return_url_refused", "return_url", message, raw[:200])]

    if len(raw) > RETURN_URL_MAX:
        return refused(f"must be at most {RETURN_URL_MAX} characters")
    if _unsafe_character(raw):
        return refused("must not hold backslashes, whitespace or control characters")
    if raw.startswith("/"):
        if raw.startswith("//"):
            return refused("a scheme-relative URL ('//host') leaves this service")
        return []
    origin = origin_of(raw)
    if origin is None:
        return refused("must be a path on this service (/...) or an absolute http(s) URL")
    if origin not in allowed_origins:
        return refused(
            f"{origin} is not an allowed return origin (allow it in the configuration or "
            "with PUT /v1/organisation/return-origins)"
        )
    return []


def check_return_url(raw: str | None, allowed_origins: Collection[str]) -> None:
    if raw is not None:
        raise_if_any(return_url_violations(raw, allowed_origins))


def normalise_origins(raw: Iterable[str]) -> tuple[str, ...]:
    """An allow-list as given (``https://admin.example``), normalised and de-duplicated;
    raises RulesViolated naming every entry that is not a bare origin."""
    found: list[RuleViolation] = []
    origins: dict[str, None] = {}
    entries = list(raw)
    if len(entries) > ORIGINS_MAX:
        found.append(
            RuleViolation(
                "too_many_origins", "origins", f"at most {ORIGINS_MAX}", len(entries), ORIGINS_MAX
            )
        )
    for index, entry in enumerate(entries):
        origin = None if len(entry) > ORIGIN_MAX or _unsafe_character(entry) else origin_of(entry)
        bare = origin is not None and urlsplit(entry).path in ("", "/")
        if origin is None or not bare or urlsplit(entry).query or urlsplit(entry).fragment:
            found.append(
                RuleViolation(
                    "origin_invalid",
                    f"origins[{index}]",
                    "must be scheme://host[:port] (http or https), nothing more",
                    entry[:200],
                )
            )
        else:
            assert origin is not None
            origins.setdefault(origin, None)
    raise_if_any(found)
    return tuple(origins)


def redirect_uri_violations(raw: str, allowed_origins: Collection[str]) -> list[RuleViolation]:
    """Why ``raw`` may not be where TikTok sends a person back for another app's own page
    (which then exchanges the code through our API): an absolute URL on an allowed origin,
    with no query or fragment (TikTok refuses those in a redirect URI)."""

    def refused(message: str) -> list[RuleViolation]:
        return [RuleViolation("redirect_uri_refused", "redirect_uri", message, raw[:200])]

    if len(raw) > RETURN_URL_MAX or _unsafe_character(raw):
        return refused("must be a plain URL of at most 2048 characters")
    origin = origin_of(raw)
    parts = urlsplit(raw)
    if origin is None or parts.query or parts.fragment:
        return refused("must be an absolute http(s) URL with no query or fragment")
    if origin not in allowed_origins:
        return refused(
            f"{origin} is not an allowed origin (allow it in the configuration or with "
            "PUT /v1/organisation/return-origins)"
        )
    return []
