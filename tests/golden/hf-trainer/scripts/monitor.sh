#!/usr/bin/env bash
# Report the state of the project (names from metadata.json): recent pipeline executions, the
# endpoint and the project's CloudWatch alarms, as JSON.
#
#   scripts/monitor.sh [--stack NAME] [--endpoint-url URL]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

usage() {
    sed -n '2,5p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

global=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --stack|--endpoint-url) global+=("$1" "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

exec "$python" "$here/aws_ops.py" ${global[@]+"${global[@]}"} monitor
