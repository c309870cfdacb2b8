#!/usr/bin/env bash
# Scale run: umap-embed (aligned) on 20,000 samples x 128 dims x 10 epochs of synthetic
# activations (bench/make_scale_activations.py); prints per-epoch lines, wall time and peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
P=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}/bin/python
acts=/tmp/scale-activations.h5
[ -f "$acts" ] || "$P" bench/make_scale_activations.py "$acts" 20000 10
swift build -c release --product umap-embed >/dev/null
/usr/bin/time -f "wall %e s, peak memory %M KiB" .build/release/umap-embed --config configs/embed/aligned.json \
    --activations "$acts" --layer fc1 --out /tmp/scale-embedding.h5 --quiet
