#!/usr/bin/env bash
# Wide layers: umap-embed (aligned) on a real conv block, 5,000 probe pictures × 3,136 values
# (64 × 7 × 7, layer2 of examples/pytorch_fashion_mnist.py) × 30 snapshots (2 epochs, 10 per
# epoch plus the log-spaced ones), with PCA to 50 components and without; prints both wall
# times, their ratio and peak memory. The activations file (~1.9 GB) is made once by the example.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/setup-python.sh | tail -1)
out=${BENCH_OUT:-/tmp/embed-wide}
acts=$out/activations.h5
if [ ! -f "$acts" ]; then
    "$python" -m pip install -q ./python
    "$python" examples/pytorch_fashion_mnist.py --out "$out" --probe 5000 --epochs 2 --per-epoch 10 --record-only
fi
swift build -c release --product umap-embed >/dev/null
run() {  # config → "seconds peak-KiB"
    /usr/bin/time -f "%e %M" -o "$out/time.txt" .build/release/umap-embed --config "$1" --activations "$acts" \
        --layer layer2 --out "$out/embedding-$(basename "$1" .json).h5" --quiet >&2
    cat "$out/time.txt"
}
read -r pca_s pca_kib < <(run configs/embed/aligned-pca.json)
read -r raw_s raw_kib < <(run configs/embed/aligned.json)
echo "5,000 x 3,136 x 30 snapshots, aligned: PCA 50: $pca_s s, $((pca_kib / 1024)) MiB peak; no PCA: $raw_s s, $((raw_kib / 1024)) MiB peak; ratio $(echo "scale=1; $raw_s / $pca_s" | bc)x"
