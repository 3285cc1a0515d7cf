"""`tiktok-channel serve` as a process: it opens its resources with the app, answers the
API with a key made by the CLI, and stops cleanly on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, key: str | None = None) -> tuple[int, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_serve_answers_the_api_and_stops_on_sigterm(server_tmp: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "TIKTOK_CHANNEL_DATA_DIR": str(server_tmp / "data"),
        "TIKTOK_API_BASE": f"http://127.0.0.1:{port}",
        "TIKTOK_CHANNEL_LOG_LEVEL": "WARNING",
    }
    cli = [sys.executable, "-m", "entrypoints.cli.main"]
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"http://127.0.0.1:{port}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, server.stdout.read()
            time.sleep(0.2)
        status, ready = _get(f"http://127.0.0.1:{port}/readyz")
        assert status == 200 and ready["checks"] == {
            "database": "ok",
            "storage": "ok",
            "tiktok": "ok",
        }, ready
        made = subprocess.run(
            [*cli, "api-keys", "create", "--org", "org-s", "--json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert made.returncode == 0, made.stderr
        key = json.loads(made.stdout)["key"]
        assert _get(f"http://127.0.0.1:{port}/v1/posts", key) == (
            200,
            {"items": [], "next_after": None},
        )
        status, problem = _get(f"http://127.0.0.1:{port}/v1/posts", "tck_x_y")
        assert status == 401 and problem["code"] == "unauthenticated"
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
        subprocess.run([*cli, "db", "stop"], cwd=ROOT, env=env, capture_output=True)
        import shutil

        shutil.rmtree(env["TIKTOK_CHANNEL_DATA_DIR"], ignore_errors=True)
