#!/usr/bin/env bash
# Create or update the project's CloudFormation stack (bucket, KMS key, execution role, model
# package group, logs, alarms, dashboard) and print its outputs as JSON.
#
#   scripts/deploy_infrastructure.sh [--environment dev|staging|prod] [--alarm-email ADDRESS]
#                                    [--stack NAME] [--endpoint-url URL]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
python="${PYTHON:-python3}"
template="$root/infrastructure/cloudformation/main.yaml"

usage() {
    sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

global=()
parameters=(--parameter "Environment=dev")
while [[ $# -gt 0 ]]; do
    case "$1" in
        --environment) parameters[1]="Environment=$2"; shift 2 ;;
        --alarm-email) parameters+=(--parameter "AlarmEmail=$2"); shift 2 ;;
        --stack) global+=(--stack "$2"); shift 2 ;;
        --endpoint-url) global+=(--endpoint-url "$2"); shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "error: unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

exec "$python" "$here/aws_ops.py" ${global[@]+"${global[@]}"} deploy-stack --template "$template" \
    ${parameters[@]+"${parameters[@]}"}
