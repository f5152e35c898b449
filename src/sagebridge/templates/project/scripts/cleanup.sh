#!/usr/bin/env bash
# Delete what this project created on AWS: `sagebridge cleanup` on this project (one owner for
# the deletion): the endpoint, its configs and models, the pipeline, model package versions, the
# bucket's objects and the stack (names from metadata.json), after listing them (KMS key kept).
#
#   scripts/cleanup.sh [--yes] [--dry-run] [--region NAME] [--profile NAME] [--endpoint-url URL]
# Needs sagebridge importable by $PYTHON (default python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --yes|--dry-run) options+=("$1"); shift ;;
        --region|--profile|--endpoint-url) options+=("$1" "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge cleanup "$root" ${options[@]+"${options[@]}"}
elif command -v sagebridge >/dev/null; then
    exec sagebridge cleanup "$root" ${options[@]+"${options[@]}"}
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
