#!/usr/bin/env python3
"""Writes Tests/HDF5Tests/Fixtures/foreign-activations.h5: a tiny activations file made with
h5py exactly the way ../shared/peers/train_pytorch.py writes its --out-h5 file (attributes via
attrs.update, class names as h5py.string_dtype(), a float64 metric to exercise conversion), so
the tests prove that a file from a foreign writer reads. Run with the peers' venv:
    ~/.cache/cnn-timelapse-peers/bin/python scripts/make-foreign-fixture.py
"""
import json
import h5py
import numpy as np

rng = np.random.default_rng(0)
E, N, C, D = 3, 12, 3, 5
classes = ["circle", "square", "triangle"]
labels = np.arange(N, dtype=np.int32) % C
with h5py.File("Tests/HDF5Tests/Fixtures/foreign-activations.h5", "w") as f:
    f.attrs.update(format="cnn-timelapse.activations", format_version=1, producer="scripts/make-foreign-fixture.py",
                   config=json.dumps({"note": "fixture"}), seed=0)
    f.create_dataset("classes", data=np.array(classes, dtype=h5py.string_dtype()))
    f.create_dataset("samples/label", data=labels)
    f.create_dataset("samples/source_index", data=np.arange(N, dtype=np.int64))
    f.create_dataset("samples/image", data=rng.integers(0, 256, (N, 4, 4), dtype=np.uint8))
    f.create_dataset("epochs/index", data=np.arange(E, dtype=np.int32))
    for k in ["train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"]:
        f.create_dataset(f"metrics/{k}", data=np.linspace(0, 1, E))  # float64 on purpose
    p = rng.random((E, N, C)).astype(np.float32)
    f.create_dataset("predictions/probability", data=p / p.sum(2, keepdims=True))
    acts = (np.arange(E * N * D, dtype=np.float32) / 10).reshape(E, N, D)
    d = f.create_dataset("layers/fc1/activation", data=acts, chunks=(1, N, D))
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
