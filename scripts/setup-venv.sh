# shellcheck shell=bash
# Sourced by demo.sh and test.sh: create .venv if missing and install sagebridge with the extras
# asked for. A stamp file keyed on pyproject.toml and the extras makes a second run instant.
ensure_venv() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    echo "sagebridge: creating .venv" >&2
    "$python" -m venv .venv
  fi
  local stamp=".venv/.sagebridge-installed"
  local want
  want="$(sha256sum pyproject.toml | cut -d' ' -f1) $extras"
  if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
    echo "sagebridge: installing .[${extras}] into .venv (torch comes from local disk)" >&2
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[${extras}]"
    echo "$want" >> "$stamp"
  fi
}

# checkov cannot share a venv with the SageMaker SDK v3 (packaging pins), so it gets its own,
# like pipx would give it. `sagebridge validate` finds it at .tools/checkov/bin/checkov.
ensure_checkov() {
  local python="${PYTHON:-python3}"
  if [ ! -x .tools/checkov/bin/checkov ]; then
    echo "sagebridge: installing checkov into .tools/checkov" >&2
    "$python" -m venv .tools/checkov
    .tools/checkov/bin/python -m pip install --quiet --upgrade pip
    .tools/checkov/bin/python -m pip install --quiet "checkov>=3.3,<4"
  fi
}
