#!/usr/bin/env bash
# The page at the scales of issues 20 and 21, beside the default run's page: 5,000 Fashion-MNIST
# pictures x 23 snapshots (the default run), 5,000 photograph-like colour pictures of 224x224
# x 23 snapshots, and 20,000 tracked pictures x 30 snapshots. For each: the page's MB, the
# seconds viz-render takes to write it, and the frame time while playing in headless Chromium.
# Usage: bench/page_at_scale.sh   (needs a release build: swift build -c release)
set -euo pipefail
cd "$(dirname "$0")/.."
for run in "5000 23 fashion" "5000 23 colour224" "20000 30 fashion"; do
    echo "== bench/viewer_page.sh $run"
    bench/viewer_page.sh $run
done
