#!/usr/bin/env bash
# What the Python recorder (python/cnn_timelapse) adds to a plain PyTorch training loop: the
# example's network and loop (examples/pytorch_fashion_mnist.py) on Fashion-MNIST for a fixed
# number of epochs, with and without the recorder (layer2 + fc1 of 2,000 probe pictures, the
# default schedule), each in a fresh process, alternated ABBA, 2 torch threads; prints every
# run, the best of each side and the ratio (bar: at most 1.05). The recorder is this checkout's
# (PYTHONPATH), run in the project venv (scripts/setup-python.sh).
#   bench/recorder_overhead.sh [--rounds 2] [--epochs 2] [--probe 2000] [--threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(scripts/setup-python.sh | tail -1)
PYTHONPATH="$PWD/python${PYTHONPATH:+:$PYTHONPATH}" exec "$python" bench/recorder_overhead.py "$@"
