#!/usr/bin/env bash
# Create or update the project's CloudFormation stack (bucket, KMS key, execution role, model
# package group, logs, alarms, dashboard), wait for it and print its outputs: `sagebridge deploy`
# on this project (the CLI is the one owner of AWS operations; names from metadata.json).
#
#   scripts/deploy_infrastructure.sh [--environment dev|staging|prod] [--alarm-email ADDRESS]
#                                    [--json] [--region NAME] [--profile NAME] [--endpoint-url URL]
# Every option is `sagebridge deploy`'s (`sagebridge deploy --help`). Needs sagebridge importable
# by $PYTHON (default python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

# "$@" (not an array) is safe under `set -u` in macOS bash 3.2 even when empty.
if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge deploy "$root" "$@"
elif command -v sagebridge >/dev/null; then
    exec sagebridge deploy "$root" "$@"
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
