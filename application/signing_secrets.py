"""Signing secrets for outgoing events, in the Standard Webhooks form (whsec_ + base64)."""

from __future__ import annotations

import base64

from application.ports import IdGenerator
from domain.secret import Secret


def new_signing_secret(ids: IdGenerator) -> Secret:
    """32 bytes of the id generator's unguessable token, base64 as receivers expect."""
    raw = ids.new_token().encode()[:32].ljust(32, b"=")
    return Secret("whsec_" + base64.b64encode(raw).decode())
