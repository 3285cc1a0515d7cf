"""Shared by the benchmarks: a sandbox in its own process, and logging in to it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
CLIENT_KEY, CLIENT_SECRET = "bench-client", "bench-secret"
REDIRECT = "http://127.0.0.1:9/cb"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sandbox_process(*extra: str) -> Iterator[str]:
    """``tiktok-channel sandbox`` in a child process; yields its base URL."""
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "entrypoints.cli.main",
            "sandbox",
            "--port",
            str(port),
            "--auto-approve",
            "--client-key",
            CLIENT_KEY,
            "--client-secret",
            CLIENT_SECRET,
            "--processing-delay",
            "0",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_up(base: str, tries: int = 200) -> None:
    """Poll the sandbox's control API until it answers."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(f"{base}/_sandbox/", timeout=1).read()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the sandbox did not start")


def login(
    base: str, client_key: str = CLIENT_KEY, client_secret: str = CLIENT_SECRET
) -> dict[str, object]:
    """Authorize (auto-approved) and exchange the code: a fresh token set."""
    query = urlencode(
        {
            "client_key": client_key,
            "response_type": "code",
            "state": "b",
            "redirect_uri": REDIRECT,
            "scope": "user.info.basic,video.publish,video.upload",
        }
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(f"{base}/v2/auth/authorize/?{query}")
        raise RuntimeError("expected a redirect")
    except urllib.error.HTTPError as redirect:
        code = parse_qs(urlsplit(redirect.headers["Location"]).query)["code"][0]
    form = urlencode(
        {
            "client_key": client_key,
            "client_secret": client_secret,
            "code": code,
            "grant_type": "authorization_code",
            "redirect_uri": REDIRECT,
        }
    ).encode()
    with urllib.request.urlopen(f"{base}/v2/oauth/token/", data=form) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def control(base: str, path: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base}/_sandbox{path}") as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@contextmanager
def bench_database(url: str | None, name: str, *, keep: bool = False) -> Iterator[str]:
    """The URL of a database for a bench: ``url`` if given, else database ``name`` in the
    embedded cluster (.data/postgres, started here and stopped after if it was not
    running), dropped afterwards unless ``keep``."""
    import asyncio

    from adapters.postgres.database import drop_database, ensure_database
    from adapters.postgres.embedded import EmbeddedPostgres

    if url:
        yield url
        return
    server = EmbeddedPostgres(ROOT / ".data" / "postgres")
    server.start()
    asyncio.run(ensure_database(server.admin_url, name))
    try:
        yield server.url.replace("/tiktok_channel?", f"/{name}?")
    finally:
        if not keep:
            asyncio.run(drop_database(server.admin_url, name))
        if server.started_here:
            server.stop()


def uptime() -> str:
    """The machine's load averages (1, 5, 15 min), to print beside every figure."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of a live process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_hwm_bytes(pid: int) -> int:
    """Peak resident set of a live process: its own high-water mark (VmHWM), which unlike
    ru_maxrss is not inherited from a parent across fork/exec."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc status")


def worker_env(
    *,
    database_url: str,
    token_keys: str,
    sandbox_base: str,
    client: tuple[str, str],
    data_dir: Path,
    media_port: int,
    signing_key: str,
    **settings: str,
) -> dict[str, str]:
    """The environment of a bench's worker and API processes: the database, the sandbox as
    TikTok, a local store served as signed links, plus ``settings`` (name=value)."""
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        TIKTOK_CHANNEL_TOKEN_KEYS=token_keys,
        TIKTOK_API_BASE=sandbox_base,
        TIKTOK_AUTH_BASE=sandbox_base,
        TIKTOK_CLIENT_KEY=client[0],
        TIKTOK_CLIENT_SECRET=client[1],
        TIKTOK_CHANNEL_DATA_DIR=str(data_dir),
        TIKTOK_CHANNEL_STORAGE="local",
        TIKTOK_CHANNEL_MEDIA_BASE_URL=f"http://127.0.0.1:{media_port}/media",
        TIKTOK_CHANNEL_MEDIA_SIGNING_KEY=signing_key,
        PYTHONPATH=str(ROOT),
        **settings,
    )
