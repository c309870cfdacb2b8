#!/usr/bin/env bash
# The interactive page at the reference scale: N pictures (default 5,000) over S snapshots
# (default 23, the default run's schedule) with real Fashion-MNIST test pictures. Prints the
# page's size against the 15 MB bar, the time viz-render takes to write it against the time it
# takes to render the frames of the same scene, and the frame rate while playing in headless
# Chromium (requestAnimationFrame intervals) against 60 frames/s.
# Usage: bench/viewer_page.sh [N] [S]   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}; s=${2:-23}
out=bench/out/viewer; mkdir -p "$out"
python=$(scripts/setup-python.sh | tail -1)
"$python" bench/render_inputs.py "$n" "$s" "$out"
# Real pictures instead of noise (pictures are not part of the embedding's digest).
"$python" - "$out/activations.h5" "$n" <<'PY'
import gzip, sys, h5py, numpy as np
path, n = sys.argv[1], int(sys.argv[2])
with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
with h5py.File(path, "r+") as f:
    f["samples/image"][...] = images[np.arange(n) % len(images)]
PY
B=.build/release
args=(--style configs/render/light.json --activations "$out/activations.h5" --embedding "$out/embedding.h5" --frames "$out/frames" --quiet)
t0=$(date +%s.%N)
$B/viz-render "${args[@]}" >/dev/null
t1=$(date +%s.%N)
written=$($B/viz-render "${args[@]}" --html "$out/timelapse.html" 2>&1 | grep -o 'wrote .* in .*')
t2=$(date +%s.%N)
py() { python3 -c "print($1)"; }
page=$(stat -c %s "$out/timelapse.html")
echo "page: $n pictures x $s snapshots: $(py "f'{$page / 1e6:.2f}'") MB vs the 15 MB bar (ratio $(py "f'{$page / 15e6:.2f}'"))"
echo "viz-render frames only: $(py "f'{$t1 - $t0:.2f}'") s; frames + page: $(py "f'{$t2 - $t1:.2f}'") s (ratio $(py "f'{($t2 - $t1) / ($t1 - $t0):.2f}'")); its own timing: $written"
fps=$("$python" bench/viewer_fps.py "$out/timelapse.html" 5)
echo "playing in headless Chromium: $fps"
"$python" -c "import json, sys; r = json.loads(sys.argv[1]); print(f\"frame rate: {r['fps']} frames/s vs 60 (ratio {r['fps'] / 60:.2f}); p95 frame {r['p95_ms']} ms vs 16.7\")" "$fps"
