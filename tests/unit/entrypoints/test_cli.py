"""The admin CLI: help is fast and lazy, errors are messages with a non-zero exit."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from adapters.postgres.migrate import available
from entrypoints.cli.main import cli

GROUPS = ["db", "sandbox", "serve", "worker", "channels", "posts", "insights", "keys", "demo"]


def test_help_lists_every_group() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for group in GROUPS:
        assert f"  {group} " in result.output


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from entrypoints.cli.main import cli; "
        "heavy = [m for m in ('aiohttp', 'asyncpg', 'av', 'aiobotocore', 'cryptography', "
        "'dependency_injector', 'domain.social_post') if m in sys.modules]; print(heavy)"
    )
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


def test_keys_generate_makes_a_new_id_each_time() -> None:
    first = CliRunner().invoke(cli, ["keys", "generate"]).output.split(":")[0]
    second = CliRunner().invoke(cli, ["keys", "generate"]).output.split(":")[0]
    assert first != second and "k1" not in (first, second)


def test_keys_generate_refuses_a_bad_id() -> None:
    result = CliRunner().invoke(cli, ["keys", "generate", "--id", "bad id"])
    assert result.exit_code != 0 and "must be letters" in result.output


def test_sandbox_serves_with_flags_and_seeded_creators(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    import socket
    import time
    import urllib.request

    creators = tmp_path / "creators.json"
    creators.write_text(json.dumps([{"username": "acme", "private_account": True}]))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli.main",
            "sandbox",
            "--port",
            str(port),
            "--auto-approve",
            "--creators",
            str(creators),
            "--client-key",
            "ck1",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_sandbox/creators") as r:
                    body = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.05)
        assert body is not None and [c["username"] for c in body] == ["acme"]
        assert body[0]["duet_disabled"]
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=10)
    assert "client_key    ck1" in out


def test_sandbox_refuses_a_bad_creators_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "creators.json"
    bad.write_text('[{"username": "x", "follower_count": "many"}]')
    result = CliRunner().invoke(cli, ["sandbox", "--creators", str(bad)])
    assert result.exit_code == 1 and "follower_count" in result.output


@pytest.mark.postgres
@pytest.mark.slow
def test_db_migrate_works_on_the_embedded_default(server_tmp) -> None:  # type: ignore[no-untyped-def]
    import os

    tmp_path = server_tmp  # the server user must be able to reach it (never ./.data)
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TIKTOK_CHANNEL_DATA_DIR"] = str(tmp_path / "data")
    try:
        _migrate_twice(env, tmp_path)
    finally:
        subprocess.run(
            [sys.executable, "-m", "entrypoints.cli.main", "db", "stop"],
            env=env,
            capture_output=True,
        )


def _migrate_twice(env: dict[str, str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    command = [sys.executable, "-m", "entrypoints.cli.main", "db"]
    first = subprocess.run([*command, "migrate"], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    versions = [version for version, _ in available()]  # every migration, in order
    assert versions[:2] == ["0001_initial", "0002_hot_leases"]
    assert f"applied {', '.join(versions)}" in first.stdout
    again = subprocess.run([*command, "status"], env=env, capture_output=True, text=True)
    assert again.stdout.split() == [word for v in versions for word in ("applied", v)]
    assert (tmp_path / "data" / "postgres" / "data" / "PG_VERSION").exists()


def test_db_migrate_names_an_unreachable_server_without_its_password() -> None:
    import os

    env = dict(os.environ, DATABASE_URL="postgresql://app:hunter2@127.0.0.1:1/tiktok")
    done = subprocess.run(
        [sys.executable, "-m", "entrypoints.cli.main", "db", "migrate"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "127.0.0.1:1" in done.stderr and "hunter2" not in done.stderr + done.stdout


def test_media_upload_and_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from adapters.media.sample_media import make_video

    good = make_video(tmp_path / "good.mp4", width=720, height=1280, seconds=1.2)
    bad = make_video(tmp_path / "bad.mp4", width=720, height=1280, fps=15, seconds=1.2)
    env = {"TIKTOK_CHANNEL_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    uploaded = CliRunner().invoke(
        cli, ["media", "upload", str(good), "--key", "v/good.mp4"], env=env
    )
    assert uploaded.exit_code == 0, uploaded.output
    assert "stored v/good.mp4" in uploaded.output and "h264" in uploaded.output
    assert (tmp_path / "data" / "objects" / "v" / "good.mp4").exists()
    stored = CliRunner().invoke(cli, ["media", "check", "v/good.mp4"], env=env)
    assert stored.exit_code == 0 and "resolution_not_best" in stored.output  # warnings only
    refused = CliRunner().invoke(cli, ["media", "check", str(bad)], env=env)
    assert refused.exit_code == 1 and "fps_out_of_range" in refused.output
    missing = CliRunner().invoke(cli, ["media", "check", "v/none.mp4"], env=env)
    assert missing.exit_code == 1 and "not found" in missing.output


class TestNoTracebacks:
    """Every CLI error is a message and a non-zero exit (issue 13 item 10)."""

    def test_checking_a_missing_file_names_it(self, tmp_path) -> None:  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(
            cli, ["media", "check", "/nonexistent"], env={"TIKTOK_CHANNEL_DATA_DIR": str(tmp_path)}
        )
        assert result.exit_code == 1 and "/nonexistent is neither a file" in result.output
        assert isinstance(result.exception, SystemExit)

    def test_a_port_out_of_range_is_a_usage_error(self) -> None:
        for command in ("serve", "sandbox"):
            result = CliRunner().invoke(cli, [command, "--port", "99999"])
            assert result.exit_code == 2 and "99999 is not in the range" in result.output
            assert isinstance(result.exception, SystemExit)

    def test_any_unexpected_error_becomes_a_message(self) -> None:
        import click

        from entrypoints.cli.common import Cli

        @click.group(cls=Cli)
        def root() -> None: ...

        @root.command()
        def boom() -> None:
            raise OverflowError("bind(): port must be 0-65535.")

        result = CliRunner().invoke(root, ["boom"])
        assert result.exit_code == 1 and "Error: bind(): port must be 0-65535." in result.output
        assert isinstance(result.exception, SystemExit)
