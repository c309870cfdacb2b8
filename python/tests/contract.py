"""Checks a file against docs/artifacts.md (format_version 3), table row by table row, with h5py."""
import json

import h5py
import numpy as np

METRICS = ["train_loss", "train_accuracy", "tracked_loss", "tracked_accuracy", "test_loss", "test_accuracy", "seconds"]
PER_SNAPSHOT = ["snapshots/step", "snapshots/images_seen", "snapshots/epoch", "snapshots/epoch_end",
                "predictions/probability"] + [f"metrics/{m}" for m in METRICS]


def check_activations_file(path):
    """Asserts every rule of the contract; returns S (the committed snapshots)."""
    with h5py.File(path, "r") as f:
        assert f.attrs["format"] == "cnn-timelapse.activations"
        assert f.attrs["format_version"] == 3 and f.attrs["format_version"].dtype == np.int64
        assert f.attrs["seed"].dtype == np.int64
        json.loads(f.attrs["config"])
        assert isinstance(f.attrs["producer"], str) and f.attrs["producer"]
        if "subject" in f.attrs:
            assert isinstance(f.attrs["subject"], str) and f.attrs["subject"]
        classes = [c.decode() if isinstance(c, bytes) else c for c in f["classes"][:]]
        labels = f["samples/label"][:]
        n, c = len(labels), len(classes)
        assert f["samples/label"].dtype == np.int32 and labels.min() >= 0 and labels.max() < c
        assert f["samples/source_index"].dtype == np.int64 and f["samples/source_index"].shape == (n,)
        if "samples/image" in f:
            img = f["samples/image"]
            assert img.dtype == np.uint8 and img.shape[0] == n and (img.ndim == 3 or (img.ndim == 4 and img.shape[3] == 3))
            assert img.fletcher32
        steps = f["snapshots/step"][:]
        s = len(steps)
        assert f["snapshots/step"].dtype == np.int64 and np.all(np.diff(steps) > 0) and (s == 0 or steps[0] == 0)
        assert f["snapshots/images_seen"].dtype == np.int64 and f["snapshots/epoch"].dtype == np.float64
        assert f["snapshots/epoch_end"].dtype == np.uint8
        for name in PER_SNAPSHOT:
            assert f[name].shape[0] >= s and f[name].fletcher32, name
        for m in METRICS:
            assert f[f"metrics/{m}"].dtype == np.float32
        p = f["predictions/probability"]
        assert p.dtype == np.float32 and p.shape[1:] == (n, c) and p.chunks == (1, n, c)
        probabilities = p[:s]
        assert np.all(np.isfinite(probabilities)) and np.all(np.abs(probabilities.sum(2) - 1) <= 1e-3)
        epoch_end = f["snapshots/epoch_end"][:s].astype(bool)
        for m in ("test_loss", "test_accuracy"):
            assert np.all(np.isnan(f[f"metrics/{m}"][:s][~epoch_end])), f"{m} outside epoch ends"
        assert np.all(np.isfinite(f["metrics/tracked_accuracy"][:s]))
        if s:
            assert np.isnan(f["metrics/train_loss"][0]) and f["metrics/seconds"][0] == 0 and epoch_end[0]
        if "train_size" in f.attrs:
            seen = f["snapshots/images_seen"][:s]
            assert np.allclose(f["snapshots/epoch"][:s], seen / f.attrs["train_size"])
        layers = list(f["layers"])
        assert layers and ("default_layer" not in f.attrs or f.attrs["default_layer"] in layers)
        for name in layers:
            a = f[f"layers/{name}/activation"]
            d = int(np.prod(a.attrs["shape"]))
            assert a.dtype in (np.float32, np.float16) and a.shape[0] >= s and a.shape[1:] == (n, d)
            assert a.chunks == (1, n, d) and a.fletcher32 and a.maxshape[0] is None
            assert a.attrs["shape"].dtype == np.int64 and isinstance(a.attrs["kind"], str)
        return s
