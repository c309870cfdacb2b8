#!/usr/bin/env bash
# umap-embed vs umap-learn (../shared/peers/embed_umap_learn.py), side by side in one run on the
# same activations: the PyTorch peer's reference CNN, 5,000 tracked test images x 128 (fc1),
# epochs 0-3. Movement and trustworthiness of our layouts are computed by bench/movement.py with
# the peer's own formulas (scipy procrustes, sklearn trustworthiness), so one ruler measures both.
#   bench/embed_vs_umap_learn.sh [activations.h5]     (default: made once by train_pytorch.py)
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}
P="$peers/bin/python"
[ -x "$P" ] || { echo "run ../shared/peers/setup.sh first" >&2; exit 1; }
acts=${1:-/tmp/peer-activations.h5}
[ -f "$acts" ] || "$P" ../shared/peers/train_pytorch.py --epochs 3 --samples 5000 --out-h5 "$acts"
swift build -c release --product umap-embed >/dev/null
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for mode in cold independent aligned; do
    /usr/bin/time -f "%M" -o "$out/$mode.rss" .build/release/umap-embed --config "configs/embed/$mode.json" \
        --activations "$acts" --layer fc1 --out "$out/$mode.h5" --quiet 2> "$out/$mode.log"
    fit=$(grep -oE 'fit [0-9.]+ s' "$out/$mode.log" | awk '{s+=$2} END {print s}')
    later=$(grep -oE 'fit [0-9.]+ s' "$out/$mode.log" | tail -n +2 | awk '{s+=$2; n++} END {print s/n}')
    echo "ours $mode: fit_s total $fit, per later epoch $later, peak $(($(cat "$out/$mode.rss") / 1024)) MiB; $("$P" bench/movement.py "$out/$mode.h5" "$acts" fc1)"
    echo "$fit $later" > "$out/$mode.fit"
done
"$P" ../shared/peers/embed_umap_learn.py "$acts" --layer fc1 --independent --aligned | tee "$out/peer.log"
python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
peer = open(f"{out}/peer.log").read()
fits = [float(s) for s in re.findall(r"independent epoch \d+ s ([0-9.]+)", peer)]
aligned = float(re.search(r"aligned total_s ([0-9.]+)", peer).group(1))
ours = {m: [float(x) for x in open(f"{out}/{m}.fit").read().split()] for m in ["cold", "independent", "aligned"]}
warm = sum(fits[1:]) / len(fits[1:])
print(f"umap-learn: first fit {fits[0]:.1f} s (numba compiling), later fits {warm:.2f} s each; AlignedUMAP {aligned:.1f} s")
print(f"cold fits vs umap-learn's later fits:        {warm / ours['cold'][1]:.1f}x")
print(f"independent (warm start) vs umap-learn fits: {warm / ours['independent'][1]:.1f}x")
print(f"aligned, all epochs vs AlignedUMAP:          {aligned / ours['aligned'][0]:.1f}x")
PY
