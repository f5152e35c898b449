#!/usr/bin/env bash
# Set up (once) and run the whole test suite. Safe to run on a fresh clone: it installs what it needs.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-venv.sh
ensure_venv "local,examples,frameworks,validate,aws,test"
ensure_checkov
# Two worker processes (pytest-xdist), one test file per worker at a time: most tests wait on a
# subprocess that uses one core (OMP_NUM_THREADS=1, tests/conftest.py), so two keep both cores
# busy. SAGEBRIDGE_TEST_WORKERS=0 runs in one process; `-n N` in the arguments wins.
exec .venv/bin/python -m pytest -n "${SAGEBRIDGE_TEST_WORKERS:-2}" --dist loadfile "$@"
