#!/usr/bin/env bash
# Runs the interactive page's browser tests (Tests/browser, pytest + selenium + Debian's headless
# chromium) against built programs: cnn-train, umap-embed and viz-render from $CNN_TIMELAPSE_BIN
# (default .build/debug; build them first, e.g. `swift build`). Screenshots are kept in
# $BROWSER_ARTIFACTS (default .build/browser-artifacts). Ends with pytest's summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/setup-python.sh | tail -1)
export CNN_TIMELAPSE_BIN=${CNN_TIMELAPSE_BIN:-$PWD/.build/debug}
for program in cnn-train umap-embed viz-render; do
    [ -x "$CNN_TIMELAPSE_BIN/$program" ] || { echo "test-browser: $CNN_TIMELAPSE_BIN/$program is missing; build it first (swift build)" >&2; exit 2; }
done
exec "$python" -m pytest -q -p no:cacheprovider Tests/browser "$@"
