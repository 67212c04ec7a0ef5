#!/usr/bin/env bash
# Sets up a development/demo environment on a fresh Debian machine: Qt's runtime libraries from Debian,
# a Python ≥ 3.12 virtual environment in .venv, and the project with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt (PySide6) needs these shared libraries at run time, even offscreen; xcb ones for a real screen.
debian_packages=(libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 fonts-dejavu-core
  # evdev (keyboard-wedge scanner) builds from source against the kernel's input headers;
  # libzbar0 is the camera scanner's pyzbar back-end.
  gcc libc6-dev linux-libc-dev libzbar0)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# PySide6 6.12 on CPython 3.11 corrupts None's refcount (shared/reference/performance.md §0): need ≥ 3.12.
find_python() {
  local candidate
  # 3.12 first (the version the project is developed and measured on), then newer ones.
  for candidate in "${PYTHON:-}" python3.12 "$HOME"/.pyenv/versions/3.12*/bin/python3 \
      python3.13 "$HOME"/.pyenv/versions/3.13*/bin/python3 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
  python=$(find_python) || { echo "Python 3.12 or newer is required (set PYTHON=/path/to/python3.12)" >&2; exit 1; }
  echo "Creating .venv with $python"
  rm -rf .venv
  "$python" -m venv .venv
fi
# evdev's C extension also needs Python.h: present in pyenv/python.org builds, python3-dev for Debian's own.
if ! [ -f "$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["include"])')/Python.h" ] &&
   command -v apt-get >/dev/null; then
  [ "$(id -u)" -eq 0 ] && sudo_cmd="" || sudo_cmd="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends python3-dev
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[test]"
echo "Set-up complete: $(.venv/bin/python --version), project installed in .venv"
