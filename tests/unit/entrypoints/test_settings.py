"""Settings from the environment; token keys from configuration, never the database."""

from __future__ import annotations

from pathlib import Path

from adapters.system.cipher import AesGcmCipher
from entrypoints.settings import from_env, load_cipher


def test_environment_overrides_only_what_is_set() -> None:
    assert from_env({"DATABASE_URL": "postgresql://x/y", "TIKTOK_CLIENT_KEY": ""}) == {
        "database_url": "postgresql://x/y"
    }


def test_a_key_file_is_created_once_owner_only(tmp_path: Path) -> None:
    first = load_cipher(None, str(tmp_path))
    again = load_cipher(None, str(tmp_path))
    key_file = tmp_path / "token-keys"
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert again.decrypt(first.encrypt("act.1")) == "act.1"


def test_configured_keys_win(tmp_path: Path) -> None:
    spec = f"k7:{AesGcmCipher.generate_key()}"
    assert load_cipher(spec, str(tmp_path)).current == "k7"
    assert not (tmp_path / "token-keys").exists()
