#!/usr/bin/env bash
# Training throughput of cnn-train vs PyTorch at its best CPU setting here (channels-last,
# ../shared/peers/train_pytorch.py --channels-last): the reference CNN, batch 64, 2 threads, Adam.
# First a whole cnn-train run with the default snapshot schedule on (images/s, test accuracy,
# peak memory, recording cost); then, alternated so both see the same load, best of 3 each:
# our training step (bench/train-step), PyTorch's, and the sgemm ceiling (the step's GEMMs alone
# at their im2col shapes), with the ratio and the fraction of the ceiling reached.
# The machine is shared: wall-clock figures move with the other load; callgrind instruction
# counts (`valgrind --tool=callgrind .build/release/train-step 10 1 32`) are the repeatable ones.
#   bench/train_throughput.sh [epochs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
peers=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}
[ -x "$peers/bin/python" ] || { echo "run ../shared/peers/setup.sh first (PyTorch peer)" >&2; exit 1; }
[ -n "${NO_BUILD:-}" ] || flock /tmp/cnn-build.lock bash -c \
    'swift build -c release --product cnn-train && swift build -c release --product train-step' >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
python3 - "$epochs" > "$out/config.json" <<'PY'
import json, sys
c = json.load(open("configs/train/fashion-mnist-reference.json"))
c["epochs"] = int(sys.argv[1])
print(json.dumps(c))
PY
echo "== cnn-train (release, 2 threads)"
/usr/bin/time -v .build/release/cnn-train --config "$out/config.json" --out "$out/a.h5" 2> "$out/ours.log" || { cat "$out/ours.log"; exit 1; }
# Progress lines end in carriage returns; the epoch-end snapshot lines carry accuracy and img/s.
tr '\r' '\n' < "$out/ours.log" | grep -a '^snapshot.*test accuracy' > "$out/epochs" || true
cat "$out/epochs"
tr '\r' '\n' < "$out/ours.log" | grep -a '^recording' || true
ours=$(grep -aoE '[0-9]+ img/s' "$out/epochs" | awk '{s+=$1; n++} END {print s/n}')
rss=$(grep 'Maximum resident' "$out/ours.log" | awk '{print $NF}')
# Side by side under the same load: train-step (our training step, 2 threads, batch 64, random
# images) and PyTorch channels-last on 12,800 Fashion-MNIST images, alternated, best of 3 each.
ts() { .build/release/train-step "$@" | grep -oE '[0-9]+ images/s' | cut -d' ' -f1; }
torch_ips() { "$peers/bin/python" ../shared/peers/train_pytorch.py --epochs 1 --train-limit 12800 --samples 100 --channels-last \
    | grep -oE 'train_img_per_s [0-9]+' | cut -d' ' -f2; }
echo "== side by side, PyTorch $("$peers/bin/python" -c 'import torch; print(torch.__version__)') channels-last vs train-step, 2 threads, batch 64"
for i in 1 2 3; do
    o=$(ts 200 2 64); t=$(torch_ips); c=$(ts gemm 200 2 64)
    echo "round $i: train-step $o images/s, PyTorch $t images/s, GEMMs alone $c images/s" | tee -a "$out/rounds"
done
max() { grep -oE "$1 [0-9]+" "$out/rounds" | awk '{print $NF}' | sort -n | tail -1; }
step=$(max "train-step"); theirs=$(max "PyTorch"); ceiling=$(max "alone")
awk -v o="$ours" -v t="$theirs" -v r="$rss" -v s="$step" -v c="$ceiling" 'BEGIN {
  printf "cnn-train (whole run, default snapshot schedule): %.0f images/s, peak memory %.0f MiB\n", o, r / 1024
  printf "best of 3: train-step %.0f images/s, PyTorch channels-last %.0f images/s, ratio %.2fx\n", s, t, s / t
  printf "cnn-train whole run vs that PyTorch figure: %.2fx\n", o / t
  printf "sgemm ceiling (the step'"'"'s GEMMs alone) %.0f images/s: train-step reaches %.0f%% of it\n", c, 100 * s / c }'
