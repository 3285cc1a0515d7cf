#!/usr/bin/env bash
# Create .venv and install the project with its dev extras; quick when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "tiktok-channel needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))" >&2
    exit 1
fi
have_postgres() {
    command -v initdb >/dev/null 2>&1 && return 0
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && return 0
    [ -n "${TIKTOK_CHANNEL_PG_BINDIR:-}" ] && [ -x "$TIKTOK_CHANNEL_PG_BINDIR/initdb" ]
}
# The embedded database needs PostgreSQL's server binaries (unless DATABASE_URL or
# TEST_DATABASE_URL points at a server). Install them where we can.
if [ -z "${DATABASE_URL:-}${TEST_DATABASE_URL:-}" ] && ! have_postgres; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing PostgreSQL server binaries (apt-get install postgresql)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    else
        echo "PostgreSQL server binaries are missing: install them (e.g. 'sudo apt-get" \
             "install postgresql' or 'brew install postgresql@16'), or set DATABASE_URL" \
             "and TEST_DATABASE_URL to an existing server." >&2
    fi
fi
# The console's browser tests drive the system's Chromium (Playwright's own browser download
# cannot work offline). Install it where we can.
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Chromium for the browser tests (apt-get install chromium)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Chromium is missing: install it (e.g. 'sudo apt-get install chromium') or set" \
             "CHROMIUM_PATH; or leave the browser tests out with ./test.sh -m 'not browser'" >&2
    fi
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
STAMP=.venv/.installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    touch "$STAMP"
fi
