"""A reversible, non-secret cipher for tests: it keeps plaintext out of reprs, nothing more."""

from __future__ import annotations

import base64

from application.ports import Ciphertext


class PlainCipher:
    key_id = "test"

    def encrypt(self, plaintext: str) -> Ciphertext:
        return Ciphertext(self.key_id, base64.b64encode(plaintext.encode()[::-1]))

    def decrypt(self, ciphertext: Ciphertext) -> str:
        if ciphertext.key_id != self.key_id:
            raise ValueError(f"unknown key id {ciphertext.key_id!r}")
        return base64.b64decode(ciphertext.data)[::-1].decode()
