#!/usr/bin/env bash
# One command sets up a fresh machine: system packages (LibreOffice for .doc/.wps, for
# building sample PDFs and for reading the Excel output back in tests, a CJK font so those PDFs have real glyphs, the GL and GLib libraries
# OpenCV loads for OCR, poppler's pdftoppm and Chromium for the test PDFs and scans of other
# producers), then the package with its test dependencies. Safe to run again: it installs only
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# Calc: the Excel workbook's test reads it back through LibreOffice (a Writer-only install cannot open .xlsx)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || need_apt+=(libreoffice-calc-nogui)
# grep reads all of fc-list's output (no -q): an early exit would fail the pipe under pipefail
fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null || need_apt+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# opencv-python (which rapidocr-onnxruntime requires) links libGL and GLib even headless
ldconfig -p 2>/dev/null | grep -q "libGL.so.1" || need_apt+=(libgl1)
ldconfig -p 2>/dev/null | grep -q "libglib-2.0.so.0" || need_apt+=(libglib2.0-0)
if ((${#need_apt[@]})); then
  if command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "setup: installing ${need_apt[*]}" >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install ${need_apt[*]} with your system's package manager" >&2
  fi
fi

python3 -m pip install --disable-pip-version-check -q -e ".[dev]"
echo "setup: done" >&2
