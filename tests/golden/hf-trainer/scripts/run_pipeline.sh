#!/usr/bin/env bash
# Build the pipeline definition from pipeline/pipeline.py with the stack's role and bucket, create
# or update the pipeline in SageMaker and start an execution: `sagebridge execute` on this project.
#
#   scripts/run_pipeline.sh -p QualityThreshold=VALUE [-p NAME=VALUE]... [--wait] [--role ARN]
#                           [--bucket NAME] [--tuning] [--spot] [--gpu] [--dry-run]
#                           [--region NAME] [--profile NAME] [--endpoint-url URL]
# A parameter without a default (QualityThreshold when the README says so) must be given.
# Every option is `sagebridge execute`'s (`sagebridge execute --help`). Needs sagebridge
# importable by $PYTHON (default python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

# "$@" (not an array) is safe under `set -u` in macOS bash 3.2 even when empty.
if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge execute "$root" "$@"
elif command -v sagebridge >/dev/null; then
    exec sagebridge execute "$root" "$@"
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
