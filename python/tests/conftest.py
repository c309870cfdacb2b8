import json
import os
import shutil
import subprocess
import sys

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")  # Keras 3 on PyTorch: CI needs no TensorFlow
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))


def project_binary(name):
    """A built project program: $CNN_TIMELAPSE_BIN, else .build/debug, else .build/release."""
    folders = [os.environ.get("CNN_TIMELAPSE_BIN", ""), os.path.join(ROOT, ".build", "debug"), os.path.join(ROOT, ".build", "release")]
    for folder in folders:
        path = os.path.join(folder, name)
        if folder and os.access(path, os.X_OK):
            return path
    pytest.skip(f"{name} is not built (swift build, or set CNN_TIMELAPSE_BIN)")


@pytest.fixture
def umap_embed(tmp_path):
    """Runs umap-embed on an activations file with a small config; returns the process."""
    binary = project_binary("umap-embed")
    config = tmp_path / "embed.json"
    config.write_text(json.dumps({"mode": "aligned", "n_neighbors": 5, "n_epochs": 50, "warm_epochs": 10, "threads": 1}))

    def run(activations, layer=None, out=None):
        out = out or str(tmp_path / "embedding.h5")
        args = [binary, "--config", str(config), "--activations", str(activations), "--out", out, "--quiet"]
        if layer:
            args += ["--layer", layer]
        return subprocess.run(args, capture_output=True, text=True, timeout=300)
    return run


@pytest.fixture
def shared_schedule_cases():
    with open(os.path.join(ROOT, "docs", "snapshot-schedule-cases.json")) as f:
        return json.load(f)["cases"]


def tiny_data(n=48, classes=3, seed=0):
    """Grey 8×8 pictures whose class is which quarter is brightest (learnable in a few steps)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, 1, 8, 8)).astype(np.float32) * 0.3
    y = np.arange(n) % classes
    for i, k in enumerate(y):
        x[i, 0, (k // 2) * 4:(k // 2) * 4 + 4, (k % 2) * 4:(k % 2) * 4 + 4] += 0.7
    return x, y.astype(np.int64)
