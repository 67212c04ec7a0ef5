#!/usr/bin/env bash
# Sets everything up, then starts the kiosk on simulators with the demo catalog and a control panel.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/kiosk demo "$@"
