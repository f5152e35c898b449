#!/usr/bin/env bash
# Delete what this project created on AWS: `sagebridge cleanup` on this project (one owner for
# the deletion): the endpoint, its configs and models, the pipeline, model package versions, the
# bucket's objects and the stack (names from metadata.json), after listing them (KMS key kept).
#
#   scripts/cleanup.sh [--yes] [--dry-run] [--region NAME] [--profile NAME] [--endpoint-url URL]
# Every option is `sagebridge cleanup`'s. Needs sagebridge importable by $PYTHON (default
# python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

# "$@" (not an array) is safe under `set -u` in macOS bash 3.2 even when empty.
if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge cleanup "$root" "$@"
elif command -v sagebridge >/dev/null; then
    exec sagebridge cleanup "$root" "$@"
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
