#!/usr/bin/env python3
"""Writes a synthetic activations file for the scale run: 20,000 samples x 128 dims x 10 epochs,
ten classes whose cluster centres separate epoch by epoch (like a network learning), noise
shrinking. usage: make_scale_activations.py OUT.h5 [samples] [epochs]"""
import json, sys
import h5py, numpy as np

out = sys.argv[1]; N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000; E = int(sys.argv[3]) if len(sys.argv) > 3 else 10
D, C = 128, 10
rng = np.random.default_rng(0)
labels = (np.arange(N) % C).astype(np.int32)
centres = rng.normal(0, 1, (C, D)).astype(np.float32)
base = rng.normal(0, 1, (N, D)).astype(np.float32)
with h5py.File(out, "w") as f:
    f.attrs.update(format="cnn-timelapse.activations", format_version=1, producer="bench/make_scale_activations.py",
                   config=json.dumps({"samples": N, "epochs": E}), seed=0)
    f.create_dataset("classes", data=np.array([f"class {c}" for c in range(C)], dtype=h5py.string_dtype()))
    f.create_dataset("samples/label", data=labels)
    f.create_dataset("samples/source_index", data=np.arange(N, dtype=np.int64))
    f.create_dataset("epochs/index", data=np.arange(E, dtype=np.int32))
    for k in ["train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"]:
        f.create_dataset(f"metrics/{k}", data=np.zeros(E, np.float32))
    p = np.full((E, N, C), 1.0 / C, np.float32)
    f.create_dataset("predictions/probability", data=p)
    d = f.create_dataset("layers/fc1/activation", shape=(E, N, D), dtype=np.float32, chunks=(1, N, D))
    for e in range(E):
        d[e] = centres[labels] * (0.5 + e) + base * (1.0 - 0.05 * e)
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
