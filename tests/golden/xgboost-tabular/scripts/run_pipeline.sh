#!/usr/bin/env bash
# Build the pipeline definition from pipeline/pipeline.py's get_pipeline(region, role, bucket)
# (the SageMaker SDK uploads the code to the bucket), create or update the pipeline in
# SageMaker, and start an execution, printing its ARN.
#
#   scripts/run_pipeline.sh [-p NAME=VALUE]... [--role-arn ARN] [--bucket NAME] [--wait]
#                           [--definition-file FILE] [--stack NAME] [--endpoint-url URL]
# -p sets a pipeline parameter; one without a default must be given (QualityThreshold when the
# README says the gate's threshold has no default). The role comes from --role-arn, else
# $SAGEBRIDGE_ROLE_ARN, else the stack's outputs; the bucket from --bucket, else
# $SAGEBRIDGE_BUCKET, else the stack's outputs.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

global=()
options=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --role-arn|--bucket|--definition-file) options+=("$1" "$2"); shift 2 ;;
        --wait) options+=(--wait); shift ;;
        -p|--parameter) options+=(--parameter "$2"); shift 2 ;;
        --stack|--endpoint-url) global+=("$1" "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

exec "$python" "$here/aws_ops.py" ${global[@]+"${global[@]}"} run-pipeline ${options[@]+"${options[@]}"}
