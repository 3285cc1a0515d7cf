#!/usr/bin/env bash
# The main job: a full publish against the built-in sandbox, on embedded defaults.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/bootstrap.sh
exec .venv/bin/tiktok-channel demo "$@"
