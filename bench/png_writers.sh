#!/usr/bin/env bash
# PNG writers on the same frames, in one run (bench/png-writers/main.swift): ours (Sub filter +
# RunDeflater), zlib level 1 with Z_RLE, libdeflate level 1 (both on our Sub-filtered rows), and
# libspng (level 1, Z_RLE, Sub). Frames: viz-render's 1920x1080 frames of 10,000 points from
# bench/render_inputs.py. Prints MB/s of raw RGB and KB per frame for each, and ours vs the
# fastest library; every output is decoded again and compared with its frame. Best of 3 passes
# (the machine is shared).
#   bench/png_writers.sh [points=10000] [epochs=5]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; E=${2:-5}
PY=${PEERS_PYTHON:-$HOME/.cache/cnn-timelapse-peers/bin/python}
LOCK=/tmp/cnn-build.lock
WORK=$(mktemp -d /tmp/png-writers.XXXXXX); trap 'rm -rf "$WORK"' EXIT
[ -n "${NO_BUILD:-}" ] || flock $LOCK bash -c 'swift build -c release --product viz-render && swift build -c release --product png-writers' >/dev/null
"$PY" bench/render_inputs.py "$N" "$E" "$WORK/in" >/dev/null
.build/release/viz-render --style configs/render/bench.json --activations "$WORK/in/activations.h5" \
    --embedding "$WORK/in/embedding.h5" --quiet --all-frames --frames "$WORK/png"
.build/release/png-writers "$WORK/png" 3
