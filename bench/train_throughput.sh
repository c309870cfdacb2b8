#!/usr/bin/env bash
# Training throughput of cnn-train vs PyTorch at its best CPU setting here (channels-last,
# ../shared/peers/train_pytorch.py --channels-last), side by side in one run: the reference CNN
# on Fashion-MNIST, batch 64, 2 threads, Adam, the default snapshot schedule on. Prints images/s
# per epoch for both, the ratio, test accuracy, cnn-train's peak memory and its recording cost;
# then the sgemm ceiling (bench/train-step: a step's GEMMs alone at their im2col shapes, vs the
# whole step on the same random batch; best of 3 each) and the fraction of it reached.
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
grep -a 'test accuracy' "$out/ours.log" | grep -a 'img/s' | tr '\r' '\n' | grep -a '^snapshot' || true
grep -a '^recording\|recording .* snapshots' "$out/ours.log" | tr '\r' '\n' | grep -a recording || true
ours=$(grep -a 'test accuracy' "$out/ours.log" | grep -aoE '[0-9]+ img/s' | awk '{s+=$1; n++} END {print s/n}')
rss=$(grep 'Maximum resident' "$out/ours.log" | awk '{print $NF}')
echo "== PyTorch $("$peers/bin/python" -c 'import torch; print(torch.__version__)') (2 threads, channels-last)"
"$peers/bin/python" ../shared/peers/train_pytorch.py --epochs "$epochs" --samples 5000 --channels-last | tee "$out/peer.log"
theirs=$(grep -oE 'train_img_per_s [0-9]+' "$out/peer.log" | awk '{s+=$2; n++} END {print s/n}')
best() { for i in 1 2 3; do .build/release/train-step "$@" 300 2 64; done | grep -oE '[0-9]+ images/s' | sort -n | tail -1 | cut -d' ' -f1; }
step=$(best); ceiling=$(best gemm)
awk -v o="$ours" -v t="$theirs" -v r="$rss" -v s="$step" -v c="$ceiling" 'BEGIN {
  printf "training images/s: cnn-train %.0f, PyTorch channels-last %.0f, ratio %.2fx\n", o, t, o / t
  printf "cnn-train peak memory: %.0f MiB\n", r / 1024
  printf "train-step %.0f images/s, its GEMMs alone %.0f images/s (the sgemm ceiling): %.0f%% of it\n", s, c, 100 * s / c }'
