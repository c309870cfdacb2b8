#!/usr/bin/env python3
"""Writes a synthetic activations file for the scale run: 20,000 samples x 128 dims x 10 epochs,
ten classes whose cluster centres separate epoch by epoch (like a network learning), noise
shrinking. usage: make_scale_activations.py OUT.h5 [samples] [epochs]"""
import sys
import h5py, numpy as np
from version1_file import write_header

out = sys.argv[1]; N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000; E = int(sys.argv[3]) if len(sys.argv) > 3 else 10
D, C = 128, 10
rng = np.random.default_rng(0)
labels = (np.arange(N) % C).astype(np.int32)
centres = rng.normal(0, 1, (C, D)).astype(np.float32)
base = rng.normal(0, 1, (N, D)).astype(np.float32)
with h5py.File(out, "w") as f:
    write_header(f, "bench/make_scale_activations.py", {"samples": N, "epochs": E}, [f"class {c}" for c in range(C)], labels, E)
    p = np.full((E, N, C), 1.0 / C, np.float32)
    f.create_dataset("predictions/probability", data=p)
    d = f.create_dataset("layers/fc1/activation", shape=(E, N, D), dtype=np.float32, chunks=(1, N, D))
    for e in range(E):
        d[e] = centres[labels] * (0.5 + e) + base * (1.0 - 0.05 * e)
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
