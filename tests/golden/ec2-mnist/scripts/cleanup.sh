#!/usr/bin/env bash
# Delete the ec2-mnist-endpoint endpoint with its configs and models; with --delete-stack also
# delete the sagebridge-ec2-mnist stack (the data bucket, its log bucket and the KMS key are kept:
# they have DeletionPolicy Retain, so no data is lost by accident).
#
#   scripts/cleanup.sh [--delete-stack] [--stack NAME] [--endpoint-url URL]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

usage() {
    sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

global=()
options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --delete-stack) options+=(--delete-stack); shift ;;
        --stack|--endpoint-url) global+=("$1" "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

exec "$python" "$here/aws_ops.py" "${global[@]}" cleanup "${options[@]}"
