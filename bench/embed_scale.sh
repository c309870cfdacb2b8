#!/usr/bin/env bash
# The embedding at scale: umap-embed (aligned) on 20,000 samples x 128 dims x 30 snapshots of
# synthetic activations (bench/make_scale_activations.py), seconds and peak memory; and the
# ratio to umap-learn's AlignedUMAP on the same work. AlignedUMAP on all 30 snapshots would take
# far longer than a benchmark should (it is measured on the first K, default 3), so both sides
# are also run on those K snapshots, and the ratio is taken there, like for like.
#   bench/embed_scale.sh [samples=20000] [snapshots=30] [K=3]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}; S=${2:-30}; K=${3:-3}
P=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}/bin/python
WORK=$(mktemp -d /tmp/embed-scale.XXXXXX); trap 'rm -rf "$WORK"' EXIT
[ -n "${NO_BUILD:-}" ] || flock /tmp/cnn-build.lock swift build -c release --product umap-embed >/dev/null
"$P" bench/make_scale_activations.py "$WORK/all.h5" "$N" "$S"
"$P" bench/make_scale_activations.py "$WORK/first.h5" "$N" "$K"
# Our wall time also computes the quality figures (trustworthiness etc.; above 5,000 samples
# estimated on a 5,000-point sample, docs/umap.md), which AlignedUMAP does not; the per-snapshot
# "fit" seconds umap-embed prints are the layout work alone. The line under each run is
# umap-embed's own split of the seconds by stage.
ours() { # FILE -> "seconds peak_MiB fit_seconds"
    /usr/bin/time -f "%e %M" -o "$WORK/time" .build/release/umap-embed --config configs/embed/aligned.json \
        --activations "$1" --layer fc1 --out "$WORK/out.h5" --quiet 2> "$WORK/log"
    fit=$(grep -oE 'fit [0-9.]+ s' "$WORK/log" | awk '{s+=$2} END {printf "%.1f", s}')
    awk -v f="$fit" '{printf "%.1f %.0f %s", $1, $2 / 1024, f}' "$WORK/time"
}
read -r all_s all_m all_f <<< "$(ours "$WORK/all.h5")"
echo "umap-embed aligned, $N samples x $S snapshots: $all_s s (fit $all_f s), peak $all_m MiB"
echo "  $(tail -n 1 "$WORK/log")"
read -r sub_s sub_m sub_f <<< "$(ours "$WORK/first.h5")"
echo "umap-embed aligned, $N samples x $K snapshots: $sub_s s (fit $sub_f s), peak $sub_m MiB"
echo "  $(tail -n 1 "$WORK/log")"
peer=$("$P" bench/aligned_umap_peer.py "$WORK/first.h5" fc1 "$K")
echo "$peer"
peer_s=$(echo "$peer" | sed -E 's/.*seconds ([0-9.]+).*/\1/')
printf 'AlignedUMAP / umap-embed on the same %d snapshots: %.1fx (fit alone: %.1fx)\n' "$K" \
    "$(echo "$peer_s / $sub_s" | bc -l)" "$(echo "$peer_s / $sub_f" | bc -l)"
printf 'AlignedUMAP per snapshot %.1f s; at that rate %d snapshots would take about %.0f s, against our %s s\n' \
    "$(echo "$peer_s / $K" | bc -l)" "$S" "$(echo "$peer_s / $K * $S" | bc -l)" "$all_s"
