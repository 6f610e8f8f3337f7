#!/usr/bin/env bash
# Debian packages the product needs for scans: Tesseract with its German model (OCR of PDF pages
# without a text layer and of image files) and its orientation model (pages scanned turned).
# Skipped when present; KB_OCR=auto finds them at run time.
set -euo pipefail
missing=()
langs=""
if command -v tesseract >/dev/null 2>&1; then
  langs=$(tesseract --list-langs 2>/dev/null || true)
else
  missing+=(tesseract-ocr)
fi
grep -qx deu <<<"$langs" || missing+=(tesseract-ocr-deu)
grep -qx osd <<<"$langs" || missing+=(tesseract-ocr-osd)  # orientation of pages scanned on their side
[ ${#missing[@]} -eq 0 ] && exit 0
echo "==> Debian-Pakete für die Texterkennung installieren: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
