#!/usr/bin/env bash
# Set up (once) and run the whole test suite. Safe to run on a fresh clone: it installs what it needs.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-venv.sh
ensure_venv "local,examples,frameworks,validate,aws,test"
ensure_checkov
exec .venv/bin/python -m pytest "$@"
