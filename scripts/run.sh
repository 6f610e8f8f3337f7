#!/usr/bin/env bash
# Set up (if needed) and serve the web UI on http://127.0.0.1:8000/ over the shipped sample corpus.
# The corpus is ingested on the first start (empty database). Extra arguments go to `kb serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec env HF_HUB_OFFLINE=1 .venv/bin/kb serve --demo "$@"
