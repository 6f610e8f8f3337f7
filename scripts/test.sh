#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: style check (ruff), unit tests, real-model tests,
# storage tests on SQLite and PostgreSQL, and browser tests. Extra arguments go to pytest
# (e.g. -m "not browser").
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if [ -z "${KB_TEST_POSTGRES_URL:-}" ]; then
  KB_TEST_POSTGRES_URL=$(scripts/postgres.sh start) || { echo "PostgreSQL-Start fehlgeschlagen" >&2; exit 1; }
  export KB_TEST_POSTGRES_URL
fi
.venv/bin/ruff check --quiet . || { echo "ruff: Stilprüfung fehlgeschlagen (Details oben)" >&2; exit 1; }
exec env HF_HUB_OFFLINE=1 .venv/bin/python -m pytest "$@"
