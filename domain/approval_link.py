"""The link a marketer sends a client to approve one post without signing in (ADR 0030).

A grant names the post, its organisation and when it expires; its token is those three
and an HMAC-SHA256 over them with the service's approval key. The rule of what a valid
link is lives here and nowhere else."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import attrs

from domain.errors import DomainError

APPROVAL_LINK_LIFETIME = timedelta(days=7)
_PURPOSE = b"tiktok-channel approval link v1\n"
_TOKEN_MAX = 600


class ApprovalLinkRefused(DomainError):
    """The link was altered, is not one of ours, or has expired."""

    def __init__(self, reason: str, *, expired: bool = False) -> None:
        self.expired = expired
        super().__init__(reason)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@attrs.frozen
class ApprovalGrant:
    post_id: str
    organisation_id: str
    expires_at: datetime

    @classmethod
    def issue(
        cls,
        *,
        post_id: str,
        organisation_id: str,
        now: datetime,
        lifetime: timedelta = APPROVAL_LINK_LIFETIME,
    ) -> ApprovalGrant:
        expires = (now + lifetime).astimezone(UTC).replace(microsecond=0)
        return cls(post_id, organisation_id, expires)

    def _body(self) -> bytes:
        stamp = int(self.expires_at.timestamp())
        return f"{self.post_id}\n{self.organisation_id}\n{stamp}".encode()

    def token(self, key: bytes) -> str:
        body = self._body()
        return f"{_b64(body)}.{_b64(hmac.digest(key, _PURPOSE + body, hashlib.sha256))}"

    @classmethod
    def from_token(cls, token: str, *, key: bytes, now: datetime) -> ApprovalGrant:
        """The grant a token carries; ApprovalLinkRefused when it was altered or made with
        another key (checked first, in constant time) or has expired."""
        altered = ApprovalLinkRefused("this approval link is not valid: it was altered or cut")
        body_text, _, signature_text = token.partition(".")
        if len(token) > _TOKEN_MAX or not body_text or not signature_text:
            raise altered
        try:
            body, signature = _unb64(body_text), _unb64(signature_text)
        except (binascii.Error, ValueError):
            raise altered from None
        expected = hmac.digest(key, _PURPOSE + body, hashlib.sha256)
        if not hmac.compare_digest(signature, expected):
            raise altered
        try:
            post_id, organisation_id, stamp = body.decode().split("\n")
            expires_at = datetime.fromtimestamp(int(stamp), UTC)
        except (UnicodeDecodeError, ValueError, OverflowError):
            raise altered from None
        if expires_at <= now:
            raise ApprovalLinkRefused(
                f"this approval link expired on {expires_at:%Y-%m-%d %H:%M} UTC: ask for a new one",
                expired=True,
            )
        return cls(post_id, organisation_id, expires_at)
