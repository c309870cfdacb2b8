#!/usr/bin/env bash
# How umap-embed's time grows with the number of points: the aligned embedding of the synthetic
# activations of bench/make_scale_activations.py (128 dims, ten classes) at each size, with its
# wall and CPU seconds, peak memory, the seconds of every stage (the last line umap-embed
# prints) and, between consecutive sizes, the growth exponent p of t ∝ Nᵖ (log(t₂/t₁)/log(N₂/N₁)),
# for the whole run and per stage. The first snapshot is a cold fit (spectral start, 200 SGD
# epochs above 10,000 points), the later ones warm (100 epochs).
#   bench/embed_growth.sh [snapshots=3] [sizes...=5000 20000 50000]
set -euo pipefail
cd "$(dirname "$0")/.."
S=${1:-3}; shift || true
SIZES=${*:-5000 20000 50000}
P=${PEERS_VENV:-$HOME/.cache/cnn-timelapse-peers}/bin/python
WORK=$(mktemp -d /tmp/embed-growth.XXXXXX); trap 'rm -rf "$WORK"' EXIT
[ -n "${NO_BUILD:-}" ] || flock /tmp/cnn-build.lock swift build -c release --product umap-embed >/dev/null
for N in $SIZES; do
    "$P" bench/make_scale_activations.py "$WORK/in.h5" "$N" "$S"
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.$N" .build/release/umap-embed --config configs/embed/aligned.json \
        --activations "$WORK/in.h5" --layer fc1 --out "$WORK/out.h5" --quiet 2> "$WORK/log.$N"
    tail -n 1 "$WORK/log.$N" > "$WORK/stages.$N"
    rm -f "$WORK/in.h5" "$WORK/out.h5"
done
python3 - "$WORK" "$S" $SIZES <<'PY'
import math, re, sys
work, snapshots, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
stages = ["neighbours", "graph", "initial layout", "SGD", "alignment", "quality figures"]
rows = {}
for n in sizes:
    wall, user, system, peak = open(f"{work}/time.{n}").read().split()
    line = open(f"{work}/stages.{n}").read()
    split = {s: float(re.search(rf"{s} ([0-9.]+) s", line).group(1)) for s in stages}
    rows[n] = dict(wall=float(wall), cpu=float(user) + float(system), peak=int(peak) / 1024, **split)
cols = ["wall", "cpu"] + stages
print(f"umap-embed aligned, {snapshots} snapshots x 128 dims (seconds; CPU = user + system, 2 threads)")
print(f"{'points':>7} " + " ".join(f"{c:>15}" for c in cols) + f" {'peak MiB':>9}")
for n in sizes:
    print(f"{n:>7} " + " ".join(f"{rows[n][c]:>15.1f}" for c in cols) + f" {rows[n]['peak']:>9.0f}")
for a, b in zip(sizes, sizes[1:]):
    def p(c):
        return f"{math.log(rows[b][c] / rows[a][c]) / math.log(b / a):>15.2f}" if rows[a][c] > 0.05 and rows[b][c] > 0.05 else f"{'-':>15}"
    print(f"{'p ' + str(a // 1000) + 'k->' + str(b // 1000) + 'k':>7} " + " ".join(p(c) for c in cols)
          + f" {math.log(rows[b]['peak'] / rows[a]['peak']) / math.log(b / a):>9.2f}")
PY
