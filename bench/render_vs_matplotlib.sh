#!/usr/bin/env bash
# viz-render vs the matplotlib peer: 1920x1080 frames with 10,000 points written as PNGs, in one
# run, each under the shared build lock; prints frames/s of both and the ratio. Then times H.264
# encoding separately: the same frames streamed into ffmpeg (no PNGs), and ffmpeg alone on the PNGs.
# Usage: bench/render_vs_matplotlib.sh [points] [epochs]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; E=${2:-5}
PY=${PEERS_PYTHON:-$HOME/.cache/cnn-timelapse-peers/bin/python}
LOCK=/tmp/cnn-build.lock
WORK=$(mktemp -d /tmp/render-bench.XXXXXX); trap 'rm -rf "$WORK"' EXIT
flock $LOCK swift build -c release --product viz-render >/dev/null
"$PY" bench/render_inputs.py "$N" "$E" "$WORK/in"
BIN=.build/release/viz-render
ARGS=(--style configs/render/bench.json --activations "$WORK/in/activations.h5" --embedding "$WORK/in/embedding.h5" --quiet)
# Seconds taken by a command, timed inside the lock (waiting for the lock is not counted).
timed() { flock $LOCK bash -c 's=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l' _ "$@"; }

# ours: every frame as PNG (--all-frames); wall clock including reading the inputs; counted in
# distinct pictures (matplotlib draws each of its frames anew)
# The machine is shared: each side takes the best of 3 runs.
best() { printf '%s\n' "$@" | sort -g | head -1; }
secs=$(best $(for i in 1 2 3; do rm -rf "$WORK/ours"; timed $BIN "${ARGS[@]}" --frames "$WORK/ours" --all-frames; done))
frames=$(ls "$WORK/ours" | grep -c png)
# Distinct pictures: a held frame is written as a copy of its picture and is not counted.
distinct=$(cd "$WORK/ours" && md5sum *.png | cut -d' ' -f1 | sort -u | wc -l)
ours=$(echo "$distinct / $secs" | bc -l)

# matplotlib: 10 frames of the same size and point count (best of 3 runs)
peer=$(for i in 1 2 3; do flock $LOCK "$PY" /work/shared/peers/render_matplotlib.py "$N" 10 "$WORK/peer" | tail -1 \
    | sed -E 's/.*frames_per_s ([0-9.]+).*/\1/'; done | sort -g | tail -1)

# H.264: frames streamed straight into ffmpeg (render + encode), and ffmpeg alone on the PNGs
stream=$(echo "$frames / $(timed $BIN "${ARGS[@]}" --video "$WORK/v.mp4")" | bc -l)
encode=$(echo "$frames / $(timed ffmpeg -hide_banner -loglevel error -y -framerate 30 -i "$WORK/ours/frame_%05d.png" \
    -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -movflags +faststart "$WORK/p.mp4")" | bc -l)

printf 'points %d  size 1920x1080  frames %d, distinct pictures %d (ours) / 10 (matplotlib)\n' "$N" "$frames" "$distinct"
printf 'viz-render distinct PNG pictures/s  %.1f (whole process: %.2f s)\n' "$ours" "$secs"
printf 'matplotlib PNG frames/s  %.1f\n' "$peer"
printf 'ratio                    %.1fx\n' "$(echo "$ours / $peer" | bc -l)"
printf 'viz-render -> ffmpeg H.264 stream, frames/s  %.1f\n' "$stream"
printf 'ffmpeg alone, PNGs -> H.264, frames/s        %.1f\n' "$encode"
