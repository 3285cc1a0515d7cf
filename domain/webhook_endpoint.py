"""An organisation's endpoint for outgoing events: where, which types, signing secrets.

Secrets rotate with an overlap: while the old one is still valid, every delivery is
signed with both (Standard Webhooks allows several signatures), so a receiver can switch
at its own pace.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import attrs

from domain.errors import RuleViolation, raise_if_any
from domain.outgoing_events import EventType
from domain.secret import Secret

MAX_URL = 2048
MAX_DESCRIPTION = 200
MAX_OVERLAP = timedelta(days=7)


@attrs.frozen
class SigningSecret:
    value: Secret
    created_at: datetime
    expires_at: datetime | None = None  # None: the current one

    def valid_at(self, now: datetime) -> bool:
        return self.expires_at is None or now < self.expires_at


def _host_is_private(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return not address.is_global


def url_violations(url: str, *, allow_insecure: bool) -> list[RuleViolation]:
    """https to a public host; ``allow_insecure`` (local development, tests) also lets
    http and loopback or private hosts through."""
    if len(url) > MAX_URL:
        return [RuleViolation("url_too_long", "url", "is too long", len(url), MAX_URL)]
    if any(ord(c) < 33 or c == "\\" for c in url):
        return [RuleViolation("url_invalid", "url", "holds spaces, control characters or \\")]
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_insecure else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        return [RuleViolation("url_invalid", "url", "must be an https URL with a host", url)]
    if parts.username or parts.password or parts.fragment:
        return [RuleViolation("url_invalid", "url", "may not hold credentials or a fragment")]
    if not allow_insecure and _host_is_private(parts.hostname):
        return [
            RuleViolation("url_not_public", "url", "must reach a public host, not a private one")
        ]
    return []


def _types(types: Iterable[str]) -> tuple[frozenset[EventType], list[RuleViolation]]:
    known = {t.value: t for t in EventType}
    bad = sorted(t for t in types if t not in known)
    if bad:
        return frozenset(), [
            RuleViolation(
                "event_type_unknown", "event_types", "names unknown event types", bad, sorted(known)
            )
        ]
    chosen = frozenset(known[t] for t in types)
    return chosen or frozenset(EventType), []


@attrs.frozen
class WebhookEndpoint:
    id: str
    organisation_id: str
    url: str
    event_types: frozenset[EventType]
    secrets: tuple[SigningSecret, ...]
    created_at: datetime
    description: str = ""
    enabled: bool = True
    disabled_reason: str = ""
    disabled_at: datetime | None = None
    version: int = 0

    @classmethod
    def register(
        cls,
        *,
        endpoint_id: str,
        organisation_id: str,
        url: str,
        event_types: Iterable[str],
        description: str,
        secret: Secret,
        now: datetime,
        allow_insecure: bool,
    ) -> WebhookEndpoint:
        types, problems = _types(event_types)
        problems += url_violations(url, allow_insecure=allow_insecure)
        problems += _description_violations(description)
        raise_if_any(problems)
        return cls(
            endpoint_id,
            organisation_id,
            url,
            types,
            (SigningSecret(secret, now),),
            now,
            description,
        )

    def update(
        self,
        *,
        url: str | None,
        event_types: Iterable[str] | None,
        description: str | None,
        allow_insecure: bool,
    ) -> WebhookEndpoint:
        problems: list[RuleViolation] = []
        changes: dict[str, object] = {}
        if url is not None:
            problems += url_violations(url, allow_insecure=allow_insecure)
            changes["url"] = url
        if event_types is not None:
            types, bad = _types(event_types)
            problems += bad
            changes["event_types"] = types
        if description is not None:
            problems += _description_violations(description)
            changes["description"] = description
        raise_if_any(problems)
        return attrs.evolve(self, **changes)  # type: ignore[arg-type]

    def wants(self, event_type: EventType) -> bool:
        return event_type in self.event_types

    def signing_secrets(self, now: datetime) -> tuple[Secret, ...]:
        """Every secret a delivery made now is signed with (the newest first)."""
        return tuple(s.value for s in reversed(self.secrets) if s.valid_at(now))

    def rotate(self, *, secret: Secret, overlap: timedelta, now: datetime) -> WebhookEndpoint:
        if not timedelta(0) <= overlap <= MAX_OVERLAP:
            raise_if_any(
                [
                    RuleViolation(
                        "overlap_out_of_range",
                        "overlap_seconds",
                        "must be between 0 and 7 days",
                        overlap.total_seconds(),
                        MAX_OVERLAP.total_seconds(),
                    )
                ]
            )
        kept = tuple(
            attrs.evolve(s, expires_at=s.expires_at or now + overlap)
            for s in self.secrets
            if s.valid_at(now)
        )
        kept = tuple(s for s in kept if s.valid_at(now))
        return attrs.evolve(self, secrets=(*kept, SigningSecret(secret, now)))

    def disable(self, *, reason: str, now: datetime) -> WebhookEndpoint:
        if not self.enabled:
            return self
        return attrs.evolve(self, enabled=False, disabled_reason=reason, disabled_at=now)

    def enable(self) -> WebhookEndpoint:
        return attrs.evolve(self, enabled=True, disabled_reason="", disabled_at=None)


def _description_violations(description: str) -> list[RuleViolation]:
    if len(description) > MAX_DESCRIPTION:
        return [
            RuleViolation(
                "description_too_long",
                "description",
                "is too long",
                len(description),
                MAX_DESCRIPTION,
            )
        ]
    return []
