#!/usr/bin/env bash
# One command sets up a fresh machine: system packages (LibreOffice for .doc/.wps and for
# building sample PDFs, a CJK font so those PDFs have real glyphs), then the package with its
# test dependencies. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer-nogui)
# grep reads all of fc-list's output (no -q): an early exit would fail the pipe under pipefail
fc-list 2>/dev/null | grep -i "noto.*cjk" >/dev/null || need_apt+=(fonts-noto-cjk)
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
