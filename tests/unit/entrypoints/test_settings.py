"""Settings from the environment; token keys from configuration, never the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.system.cipher import AesGcmCipher
from entrypoints.settings import from_env, load_cipher, load_media_signing_key


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


class TestMediaSigningKey:
    def test_a_random_key_is_made_once_per_data_dir_owner_only(self, tmp_path: Path) -> None:
        first = load_media_signing_key(None, str(tmp_path / "a"))
        assert load_media_signing_key("", str(tmp_path / "a")) == first
        assert load_media_signing_key(None, str(tmp_path / "b")) != first
        assert len(first) >= 32 and first != b"local-media-links"
        assert oct((tmp_path / "a" / "media-signing-key").stat().st_mode)[-3:] == "600"

    def test_configuration_overrides_the_file(self, tmp_path: Path) -> None:
        assert load_media_signing_key("a-long-random-configured-key", str(tmp_path)) == (
            b"a-long-random-configured-key"
        )
        assert not (tmp_path / "media-signing-key").exists()

    @pytest.mark.parametrize("known", ["local-media-links", "local-media", "short"])
    def test_a_known_or_short_key_is_refused(self, tmp_path: Path, known: str) -> None:
        with pytest.raises(ValueError, match="forge"):
            load_media_signing_key(known, str(tmp_path))

    def test_serve_refuses_to_start_with_the_old_constant(self, tmp_path: Path) -> None:
        from click.testing import CliRunner

        from entrypoints.cli.main import cli

        result = CliRunner().invoke(
            cli,
            ["serve", "--port", "0"],
            env={
                "TIKTOK_CHANNEL_MEDIA_SIGNING_KEY": "local-media-links",
                "TIKTOK_CHANNEL_DATA_DIR": str(tmp_path),
            },
        )
        assert result.exit_code == 1 and "forge media links" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
