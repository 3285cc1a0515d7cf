"""AES-GCM token cipher: round trip, key rotation, tamper detection."""

from __future__ import annotations

import pytest

from adapters.memory.cipher import PlainCipher
from adapters.system.cipher import AesGcmCipher, DecryptionFailed
from application.ports import Ciphertext


def cipher(spec: str | None = None) -> AesGcmCipher:
    return AesGcmCipher.from_config(spec or f"k1:{AesGcmCipher.generate_key()}")


@pytest.mark.parametrize("make", [cipher, lambda: PlainCipher()])
def test_round_trip_never_stores_plaintext(make) -> None:  # type: ignore[no-untyped-def]
    c = make()
    sealed = c.encrypt("act.very-secret-token")
    assert b"very-secret" not in sealed.data
    assert c.decrypt(sealed) == "act.very-secret-token"
    assert "very-secret" not in repr(sealed)


def test_old_rows_stay_readable_after_rotation() -> None:
    old_key, new_key = AesGcmCipher.generate_key(), AesGcmCipher.generate_key()
    sealed = cipher(f"k1:{old_key}").encrypt("rft.1")
    rotated = cipher(f"k2:{new_key},k1:{old_key}")
    assert rotated.decrypt(sealed) == "rft.1"
    assert rotated.encrypt("x").key_id == "k2"


def test_tampering_and_unknown_keys_are_detected() -> None:
    c = cipher()
    sealed = c.encrypt("act.1")
    flipped = Ciphertext(sealed.key_id, sealed.data[:-1] + bytes([sealed.data[-1] ^ 1]))
    with pytest.raises(DecryptionFailed):
        c.decrypt(flipped)
    with pytest.raises(DecryptionFailed, match="no key named"):
        c.decrypt(Ciphertext("k9", sealed.data))
    with pytest.raises(DecryptionFailed):
        cipher().decrypt(sealed)  # same key id, another key


@pytest.mark.parametrize("spec", ["", "k1", "k1:" + "A" * 8])
def test_bad_key_configuration_is_refused(spec: str) -> None:
    with pytest.raises(ValueError):
        AesGcmCipher.from_config(spec)


def test_a_key_id_given_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="given twice"):
        AesGcmCipher.from_config(
            f"k1:{AesGcmCipher.generate_key()},k1:{AesGcmCipher.generate_key()}"
        )


def test_new_key_ids_are_unique() -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 11, 29, tzinfo=UTC)
    ids = {AesGcmCipher.new_key_id(now) for _ in range(50)}
    assert len(ids) == 50 and all(i.isidentifier() and i != "k1" for i in ids)
