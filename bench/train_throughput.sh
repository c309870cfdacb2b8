#!/usr/bin/env bash
# Training throughput of cnn-train vs PyTorch (../shared/peers/train_pytorch.py), side by side in
# one run on the same machine: the reference CNN on Fashion-MNIST, batch 64, 2 threads, Adam.
# Prints images/s per epoch for both, the ratio, test accuracy, the peak memory of cnn-train
# and the cost of recording (evaluation + capture after each epoch).
#   bench/train_throughput.sh [epochs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
epochs=${1:-3}
peers=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}
[ -x "$peers/bin/python" ] || { echo "run ../shared/peers/setup.sh first (PyTorch peer)" >&2; exit 1; }
swift build -c release --product cnn-train >/dev/null
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
grep '^epoch' "$out/ours.log"
ours=$(grep -oE '[0-9]+ img/s' "$out/ours.log" | awk '{s+=$1; n++} END {print s/n}')
rss=$(grep 'Maximum resident' "$out/ours.log" | awk '{print $NF}')
echo "== PyTorch $("$peers/bin/python" -c 'import torch; print(torch.__version__)') (2 threads)"
"$peers/bin/python" ../shared/peers/train_pytorch.py --epochs "$epochs" --samples 5000 | tee "$out/peer.log"
theirs=$(grep -oE 'train_img_per_s [0-9]+' "$out/peer.log" | awk '{s+=$2; n++} END {print s/n}')
awk -v o="$ours" -v t="$theirs" -v r="$rss" 'BEGIN {
  printf "training images/s: cnn-train %.0f, PyTorch %.0f, ratio %.2fx\n", o, t, o / t
  printf "cnn-train peak memory: %.0f MiB\n", r / 1024 }'
