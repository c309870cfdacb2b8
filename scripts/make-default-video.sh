#!/usr/bin/env bash
# Sets up the machine, builds the release binaries and runs the default pipeline
# (Fashion-MNIST from Debian's dataset-fashion-mnist); the video lands in runs/fashion-mnist/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release
.build/release/timelapse run pipelines/fashion-mnist.json "$@"
