#!/usr/bin/env bash
# Debian's Chromium for the Playwright browser tests (Playwright's own browser download is blocked here).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
echo "==> Chromium installieren (Debian-Paket)"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
