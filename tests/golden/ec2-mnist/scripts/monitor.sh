#!/usr/bin/env bash
# Report the state of the project on AWS: recent pipeline executions, model versions, the
# endpoint and the project's CloudWatch alarms: `sagebridge status` on this project.
#
#   scripts/monitor.sh [--json] [--region NAME] [--profile NAME] [--endpoint-url URL]
# Every option is `sagebridge status`'s. Needs sagebridge importable by $PYTHON (default
# python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

# "$@" (not an array) is safe under `set -u` in macOS bash 3.2 even when empty.
if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge status "$root" "$@"
elif command -v sagebridge >/dev/null; then
    exec sagebridge status "$root" "$@"
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
