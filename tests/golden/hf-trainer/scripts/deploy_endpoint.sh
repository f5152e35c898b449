#!/usr/bin/env bash
# Deploy an Approved model version of the project's group (the newest by default) to its
# endpoint and wait until it is InService: `sagebridge endpoint OUT deploy` on this project.
#
#   scripts/deploy_endpoint.sh [--version N] [--instance-type ml.m5.large] [--instance-count N]
#                              [--max-instances N] [--capture-percent P] [--role ARN]
#                              [--region NAME] [--profile NAME] [--endpoint-url URL]
# Every option is `sagebridge endpoint`'s (`sagebridge endpoint --help`); change a running
# endpoint with `sagebridge endpoint OUT update`. Needs sagebridge importable by $PYTHON
# (default python3), or on PATH.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"

# "$@" (not an array) is safe under `set -u` in macOS bash 3.2 even when empty.
if "$python" -c "import sagebridge" 2>/dev/null; then
    exec "$python" -m sagebridge endpoint "$root" deploy "$@"
elif command -v sagebridge >/dev/null; then
    exec sagebridge endpoint "$root" deploy "$@"
fi
echo "error: sagebridge is not installed for $python nor on PATH: pip install sagebridge" >&2
exit 2
