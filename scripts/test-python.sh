#!/usr/bin/env bash
# Runs the Python recorder's tests: makes (or reuses) the project venv (scripts/setup-python.sh),
# installs ./python into it and runs pytest on python/tests. Keras runs on its torch backend (no
# TensorFlow). The tests that run umap-embed use $CNN_TIMELAPSE_BIN, else .build/debug, else
# .build/release, and are skipped when none is built. The last line is pytest's own summary.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/setup-python.sh | tail -1)
"$python" -m pip install -q ./python
rm -rf python/build python/*.egg-info
export KERAS_BACKEND=torch
exec "$python" -m pytest -q -p no:cacheprovider python/tests
