#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, including real-model and browser tests.
# Extra arguments go to pytest (e.g. -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec env HF_HUB_OFFLINE=1 .venv/bin/python -m pytest "$@"
