#!/usr/bin/env bash
# Deploy the latest Approved model package of the project's group to its endpoint (created, or
# updated in place; names from metadata.json), and print the package ARN.
#
#   scripts/deploy_endpoint.sh [--role-arn ARN] [--instance-type ml.m5.large]
#                              [--model-package-arn ARN] [--wait] [--stack NAME] [--endpoint-url URL]
# The role comes from --role-arn, else $SAGEBRIDGE_ROLE_ARN, else the stack's outputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

usage() {
    sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

global=()
options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --role-arn|--instance-type|--model-package-arn) options+=("$1" "$2"); shift 2 ;;
        --wait) options+=(--wait); shift ;;
        --stack|--endpoint-url) global+=("$1" "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

exec "$python" "$here/aws_ops.py" ${global[@]+"${global[@]}"} deploy-endpoint ${options[@]+"${options[@]}"}
