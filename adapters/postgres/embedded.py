"""A private PostgreSQL cluster in the project's data directory, for when no DATABASE_URL
is given: initdb on first use, started on demand, stopped on exit unless kept.

It listens on a Unix socket inside its own directory only (no TCP port to collide with),
and when we run as root the server runs as an unprivileged user, as PostgreSQL requires.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, e.g.\n"
    "  Debian/Ubuntu: sudo apt-get install -y postgresql\n"
    "  Fedora/RHEL:   sudo dnf install -y postgresql-server\n"
    "  macOS:         brew install postgresql@16\n"
    "or point TIKTOK_CHANNEL_PG_BINDIR at their directory, or set DATABASE_URL to use an "
    "existing server."
)
SOCKET_PORT = 5432  # only names the socket file; TCP is off
DATABASE = "tiktok_channel"


class EmbeddedPostgresError(RuntimeError):
    pass


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl live: the env override, pg_config, Debian's layout, PATH."""
    candidates: list[str] = []
    if os.environ.get("TIKTOK_CHANNEL_PG_BINDIR"):
        candidates.append(os.environ["TIKTOK_CHANNEL_PG_BINDIR"])
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(p.split("/")[-2]) if p.split("/")[-2].isdigit() else 0,
        reverse=True,
    )
    candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
    if shutil.which("initdb"):
        candidates.append(str(Path(shutil.which("initdb") or "").parent))
    for directory in candidates:
        if (
            directory
            and (Path(directory) / "initdb").exists()
            and (Path(directory) / "pg_ctl").exists()
        ):
            return Path(directory)
    return None


def _server_user() -> pwd.struct_passwd | None:
    """None when we are not root; otherwise an unprivileged account to run the server."""
    if os.geteuid() != 0:
        return None
    for name in (os.environ.get("TIKTOK_CHANNEL_PG_USER", ""), "postgres", "nobody"):
        if not name:
            continue
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise EmbeddedPostgresError(
        "running as root and no unprivileged user (postgres, "
        "nobody) exists to run the embedded PostgreSQL server"
    )


class EmbeddedPostgres:
    def __init__(self, root: Path, *, bindir: Path | None = None, durable: bool = True) -> None:
        self.root = root.resolve()
        self.data = self.root / "data"
        self.sockets = self.root / "run"
        self.log = self.root / "server.log"
        found = bindir or find_bindir()
        if found is None:
            raise EmbeddedPostgresError(INSTALL_HINT)
        self.bindir = found
        self.user = _server_user()
        self.durable = durable  # tests trade crash safety for speed
        self.started_here = False

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/{DATABASE}?host={self.sockets}&port={SOCKET_PORT}"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@/postgres?host={self.sockets}&port={SOCKET_PORT}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user is None:
            return subprocess.run(command, capture_output=True, text=True, check=check)
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            check=check,
            user=self.user.pw_uid,
            group=self.user.pw_gid,
            extra_groups=[],
            cwd="/",
        )

    def _check_reachable(self) -> None:
        """As root, the server user must be able to walk down to the data directory."""
        if self.user is None:
            return
        for parent in reversed(self.root.parents):
            if not parent.exists():
                break  # what we create ourselves is traversable (umask permitting)
            mode = parent.stat().st_mode
            if parent.stat().st_uid != self.user.pw_uid and not mode & 0o001:
                raise EmbeddedPostgresError(
                    f"the embedded PostgreSQL runs as user {self.user.pw_name!r}, which cannot "
                    f"enter {parent}; make it traversable (chmod o+x {parent}) or set "
                    f"TIKTOK_CHANNEL_DATA_DIR to a directory it can reach"
                )

    def _own(self) -> None:
        if self.user is None:
            return
        self._check_reachable()
        for path in (self.root, self.data, self.sockets):
            path.mkdir(parents=True, exist_ok=True)
        for directory, _, files in os.walk(self.root):
            os.chown(directory, self.user.pw_uid, self.user.pw_gid)
            for name in files:
                os.chown(os.path.join(directory, name), self.user.pw_uid, self.user.pw_gid)

    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def running(self) -> bool:
        return (
            self.initialized()
            and self._run("pg_ctl", "status", "-D", str(self.data), check=False).returncode == 0
        )

    def start(self) -> str:
        """Initialise on first use and start if needed; returns the database URL."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(parents=True, exist_ok=True)
        self._own()
        if not self.initialized():
            done = self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-instructions",
                check=False,
            )
            if done.returncode != 0:
                raise EmbeddedPostgresError(f"initdb failed: {done.stderr.strip()}")
        if not self.running():
            options = f"-c listen_addresses='' -k {self.sockets} -p {SOCKET_PORT}"
            if not self.durable:
                options += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
            done = self._run(
                "pg_ctl",
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                "60",
                "-o",
                options,
                check=False,
            )
            if done.returncode != 0:
                tail = self.log.read_text()[-800:] if self.log.exists() else done.stderr
                raise EmbeddedPostgresError(f"the embedded PostgreSQL did not start:\n{tail}")
            self.started_here = True
        return self.url

    def stop(self) -> None:
        if self.running():
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", check=False)

    def restart(self) -> None:
        """Stop and start again (pg_ctl restart would log to our pipe and never let go)."""
        self.stop()
        self.start()
