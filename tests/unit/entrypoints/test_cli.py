"""The admin CLI: help is fast and lazy, errors are messages with a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from entrypoints.cli.main import cli

GROUPS = ["db", "sandbox", "serve", "worker", "channels", "posts", "insights", "keys", "demo"]


def test_help_lists_every_group() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for group in GROUPS:
        assert f"  {group} " in result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from entrypoints.cli.main import cli; "
            "heavy = [m for m in ('aiohttp', 'asyncpg', 'av', 'aiobotocore', 'cryptography', "
            "'dependency_injector', 'domain.social_post') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_errors_explain_a_known_code() -> None:
    result = CliRunner().invoke(cli, ["errors", "explain", "rate_limit_exceeded"])
    assert result.exit_code == 0
    assert "rate-limited" in result.output and "after-rate-window" in result.output


def test_errors_explain_an_unknown_code_fails_clearly() -> None:
    result = CliRunner().invoke(cli, ["errors", "explain", "no_such_code"])
    assert result.exit_code == 1
    assert "not a documented TikTok error code" in result.output
    assert "Traceback" not in result.output


def test_keys_generate_prints_a_usable_key() -> None:
    from adapters.system.cipher import AesGcmCipher

    result = CliRunner().invoke(cli, ["keys", "generate", "--id", "k2"])
    assert result.exit_code == 0
    cipher = AesGcmCipher.from_config(result.output.strip())
    assert cipher.current == "k2"
    assert cipher.decrypt(cipher.encrypt("act.secret")) == "act.secret"


def test_keys_generate_refuses_a_bad_id() -> None:
    result = CliRunner().invoke(cli, ["keys", "generate", "--id", "bad id"])
    assert result.exit_code != 0 and "must be letters" in result.output


def test_demo_publishes_end_to_end() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert "status=published" in result.output
    assert "on tiktok 1 video(s) posted" in result.output
    assert "PostPublished" in result.output
