"""Token encryption at rest: AES-256-GCM (cryptography's AESGCM) with rotatable keys.

Keys are named; the ciphertext records which key sealed it, so old rows stay readable
after a new key becomes current. The nonce is prepended to the sealed bytes; the key id
is bound as associated data so a row cannot be replayed under another key.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from datetime import datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.ports import Ciphertext

NONCE_BYTES = 12


class DecryptionFailed(Exception):
    """The ciphertext does not open with the named key (wrong key or tampered data)."""


class AesGcmCipher:
    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        if current not in keys:
            raise ValueError(f"current key {current!r} is not among the configured keys")
        for key_id, key in keys.items():
            if len(key) != 32:
                raise ValueError(f"key {key_id!r} must be 32 bytes (AES-256)")
        self._keys = {k: AESGCM(v) for k, v in keys.items()}
        self.current = current

    @classmethod
    def from_config(cls, spec: str) -> AesGcmCipher:
        """``id1:base64key,id2:base64key``; the first key is the current one."""
        pairs = [item.split(":", 1) for item in spec.split(",") if item.strip()]
        if not pairs or any(len(p) != 2 for p in pairs):
            raise ValueError("token keys must look like 'id:base64key[,id:base64key...]'")
        ids = [k.strip() for k, _ in pairs]
        reused = sorted({i for i in ids if ids.count(i) > 1})
        if reused:
            raise ValueError(
                f"token key id {reused[0]!r} is given twice: every key needs its own id "
                "(make a new one with 'tiktok-channel keys generate')"
            )
        keys = {k.strip(): base64.urlsafe_b64decode(v.strip()) for k, v in pairs}
        return cls(keys, ids[0])

    @staticmethod
    def new_key_id(now: datetime) -> str:
        """A key id no earlier key has: the date and time it was made, and random bits."""
        return f"k{now:%Y%m%d%H%M%S}{secrets.token_hex(3)}"

    @staticmethod
    def generate_key() -> str:
        return base64.urlsafe_b64encode(AESGCM.generate_key(bit_length=256)).decode()

    def encrypt(self, plaintext: str) -> Ciphertext:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._keys[self.current].encrypt(nonce, plaintext.encode(), self.current.encode())
        return Ciphertext(self.current, nonce + sealed)

    def decrypt(self, ciphertext: Ciphertext) -> str:
        aead = self._keys.get(ciphertext.key_id)
        if aead is None:
            raise DecryptionFailed(f"no key named {ciphertext.key_id!r} is configured")
        nonce, sealed = ciphertext.data[:NONCE_BYTES], ciphertext.data[NONCE_BYTES:]
        try:
            return aead.decrypt(nonce, sealed, ciphertext.key_id.encode()).decode()
        except InvalidTag:
            raise DecryptionFailed(
                f"ciphertext does not open with key {ciphertext.key_id!r}"
            ) from None
