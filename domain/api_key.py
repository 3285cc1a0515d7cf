"""An organisation's API key: what a ``/v1`` caller presents, stored only as a digest.

A key reads ``tck_<key id>_<secret>``. The id finds the record; the secret is checked
against its SHA-256 digest in constant time. Secrets are long random tokens, so a fast
digest is enough (there is nothing to brute-force as with a password).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

import attrs

from domain.errors import DomainError

PREFIX = "tck"


class MalformedApiKey(DomainError):
    """The presented value is not shaped like one of our keys."""


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode()).digest()


def parse(presented: str) -> tuple[str, str]:
    """(key id, secret) of a presented key; raises MalformedApiKey."""
    prefix, _, rest = presented.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id or not secret or not key_id.isalnum():
        raise MalformedApiKey("an API key reads tck_<id>_<secret>")
    return key_id, secret


@attrs.frozen
class ApiKey:
    id: str
    organisation_id: str
    name: str
    secret_digest: bytes = attrs.field(repr=False)
    created_at: datetime
    revoked_at: datetime | None = None
    last_used_at: datetime | None = None

    @classmethod
    def issue(
        cls, *, key_id: str, organisation_id: str, name: str, secret: str, now: datetime
    ) -> tuple[ApiKey, str]:
        """The record to store and the full key to hand over once."""
        if not key_id.isalnum():
            raise MalformedApiKey("a key id is letters and digits only")
        if not organisation_id:
            raise DomainError("an API key belongs to an organisation")
        return cls(
            key_id, organisation_id, name, digest(secret), now
        ), f"{PREFIX}_{key_id}_{secret}"

    def accepts(self, secret: str) -> bool:
        return self.revoked_at is None and hmac.compare_digest(self.secret_digest, digest(secret))

    def revoke(self, *, now: datetime) -> ApiKey:
        return self if self.revoked_at else attrs.evolve(self, revoked_at=now)
