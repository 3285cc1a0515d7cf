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
# install_or_say PACKAGE WHAT HINT: apt-get install PACKAGE where we can (root on Debian),
# else say what is missing and how to provide it.
install_or_say() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing $2 (apt-get install $1)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null
    else
        echo "$2 missing: $3" >&2
    fi
}
# The embedded database needs PostgreSQL's server binaries (unless DATABASE_URL or
# TEST_DATABASE_URL points at a server).
if [ -z "${DATABASE_URL:-}${TEST_DATABASE_URL:-}" ] && ! have_postgres; then
    install_or_say postgresql "PostgreSQL server binaries" \
        "install them (e.g. 'sudo apt-get install postgresql' or 'brew install postgresql@16'), or set DATABASE_URL and TEST_DATABASE_URL to an existing server."
fi
# The console's browser tests drive the system's Chromium (Playwright's own browser download
# cannot work offline).
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
    install_or_say chromium "Chromium for the browser tests" \
        "install it (e.g. 'sudo apt-get install chromium') or set CHROMIUM_PATH; or leave the browser tests out with ./test.sh -m 'not browser'"
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
STAMP=.venv/.installed
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    touch "$STAMP"
fi
