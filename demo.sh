#!/usr/bin/env bash
# The main job, end to end on a fresh clone: set up, migrate examples/ec2-mnist, run its SageMaker
# pipeline locally on the real MNIST (1 epoch by default: EPOCHS=N to change), show the registered
# model, serve it on a local endpoint and classify a few unseen test digits with it.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-venv.sh
ensure_venv "local,examples,aws"

MNIST_RAW="${SAGEBRIDGE_MNIST_DIR:-../shared/data/mnist}/MNIST/raw"
OUT="out/ec2-mnist"
EPOCHS="${EPOCHS:-1}"
THRESHOLD="${THRESHOLD:-0.95}"
sb=.venv/bin/sagebridge

[ -f "$MNIST_RAW/t10k-images-idx3-ubyte.gz" ] || {
  echo "demo.sh: no MNIST at $MNIST_RAW; set SAGEBRIDGE_MNIST_DIR to the folder holding MNIST/raw" >&2
  exit 2
}

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1. analyse examples/ec2-mnist (read-only)"
$sb analyze examples/ec2-mnist

step "2. migrate it into $OUT"
$sb migrate examples/ec2-mnist -o "$OUT" --force
echo "the changes to the user's script: $OUT/docs/train.diff"

step "3. run the SageMaker pipeline locally: $EPOCHS epoch(s) on the full MNIST, gate at accuracy >= $THRESHOLD"
$sb run "$OUT" --local --data "raw=$MNIST_RAW" -p "epochs=$EPOCHS" \
  -p "QualityThreshold=$THRESHOLD" -p ModelApprovalStatus=Approved

step "4. the local model registry"
$sb models "$OUT"

step "5. serve the registered model and classify unseen test digits"
samples="$OUT/.sagebridge/demo-samples"
rm -rf "$samples"
.venv/bin/python scripts/mnist_samples.py "$MNIST_RAW" "$samples" 5 >/dev/null
$sb serve "$OUT" --port 0 > "$OUT/.sagebridge/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do  # wait (at most 60 s) until serve says where it listens
  grep -q "Listening on" "$OUT/.sagebridge/serve.log" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$OUT/.sagebridge/serve.log" >&2; exit 1; }
  sleep 0.5
done
classes='import json, sys; print(json.load(sys.stdin)["classes"][0])'
for png in "$samples"/*.png; do  # digit-<index>-label-<true digit>.png
  label="${png##*-label-}"
  printf '  %s: true digit %s, endpoint says %s\n' "$(basename "$png")" "${label%.png}" \
    "$($sb invoke "$OUT" "$png" | .venv/bin/python -c "$classes")"
done
kill "$server" && wait "$server" 2>/dev/null || true
trap - EXIT

step "where everything is"
cat <<EOT
  migrated project     $OUT/  (code/, pipeline/, infrastructure/, scripts/, tests/, docs/)
  migration guide      $OUT/docs/MIGRATION_GUIDE.md
  run logs and store   $OUT/.sagebridge/
  next                 $sb validate $OUT   |   $sb cost $OUT   |   $sb deploy $OUT --dry-run
EOT
