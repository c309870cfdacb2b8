#!/usr/bin/env bash
# The interactive page at the reference scale: N pictures (default 5,000) over S snapshots
# (default 23, the default run's schedule) with PICTURES (default fashion: real Fashion-MNIST
# test pictures; colour224: photograph-like colour pictures of 224x224; see
# bench/page_pictures.py). Prints the page's size against the 20 MB bar, the time viz-render
# takes to write it against the time it takes to render the frames of the same scene, and the
# frame rate while playing in headless Chromium (requestAnimationFrame intervals) against 60
# frames/s. bench/page_at_scale.sh runs it at the issues' three scales.
# Usage: bench/viewer_page.sh [N] [S] [PICTURES]   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}; s=${2:-23}; pictures=${3:-fashion}
out=bench/out/viewer-$n-$s-$pictures; mkdir -p "$out"
python=$(scripts/setup-python.sh | tail -1)
"$python" bench/render_inputs.py "$n" "$s" "$out"
"$python" bench/page_pictures.py "$out/activations.h5" "$n" "$pictures"
B=.build/release
args=(--style configs/render/light.json --activations "$out/activations.h5" --embedding "$out/embedding.h5" --frames "$out/frames" --quiet)
t0=$(date +%s.%N)
$B/viz-render "${args[@]}" >/dev/null
t1=$(date +%s.%N)
written=$($B/viz-render "${args[@]}" --html "$out/timelapse.html" 2>&1 | grep -o 'wrote .* in .*')
t2=$(date +%s.%N)
py() { python3 -c "print($1)"; }
page=$(stat -c %s "$out/timelapse.html")
echo "page: $n $pictures pictures x $s snapshots: $(py "f'{$page / 1e6:.2f}'") MB vs the 20 MB bar (ratio $(py "f'{$page / 20e6:.2f}'"))"
echo "viz-render frames only: $(py "f'{$t1 - $t0:.2f}'") s; frames + page: $(py "f'{$t2 - $t1:.2f}'") s (ratio $(py "f'{($t2 - $t1) / ($t1 - $t0):.2f}'")); its own timing: $written"
fps=$("$python" bench/viewer_fps.py "$out/timelapse.html" 5)
echo "playing in headless Chromium: $fps"
"$python" -c "import json, sys; r = json.loads(sys.argv[1]); print(f\"frame rate: {r['fps']} frames/s vs 60 (ratio {r['fps'] / 60:.2f}); median frame {r['median_ms']} ms, p95 {r['p95_ms']} ms vs 16.7\")" "$fps"
