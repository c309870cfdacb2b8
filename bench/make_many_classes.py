#!/usr/bin/env python3
"""Writes a synthetic activations file with many classes, for looking at many-class frames and
pages: C classes ("kind 0" ...), N samples, E snapshots; cluster centres separate snapshot by
snapshot and the guesses improve class by class (class c is learned from snapshot c mod E on),
with each class's mistakes going to its neighbour class.
usage: make_many_classes.py OUT.h5 [classes=100] [samples=2000] [snapshots=6]"""
import sys
import h5py, numpy as np
from version1_file import write_header

out = sys.argv[1]
C = int(sys.argv[2]) if len(sys.argv) > 2 else 100
N = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
E = int(sys.argv[4]) if len(sys.argv) > 4 else 6
D = 32
rng = np.random.default_rng(0)
labels = (np.arange(N) % C).astype(np.int32)
centres = rng.normal(0, 1, (C, D)).astype(np.float32)
base = rng.normal(0, 1, (N, D)).astype(np.float32)
with h5py.File(out, "w") as f:
    write_header(f, "bench/make_many_classes.py", {"classes": C, "samples": N, "snapshots": E}, [f"kind {c}" for c in range(C)], labels, E)
    p = np.full((E, N, C), 0.1 / C, np.float32)
    for e in range(E):
        share = e / max(1, E - 1)
        right = rng.random(N) < share * (0.5 + 0.5 * ((labels % 7) / 6))
        guess = np.where(right, labels, (labels + 1) % C)
        p[e, np.arange(N), guess] += 0.9
    f.create_dataset("predictions/probability", data=p / p.sum(axis=2, keepdims=True))
    d = f.create_dataset("layers/fc1/activation", shape=(E, N, D), dtype=np.float32, chunks=(1, N, D))
    for e in range(E):
        d[e] = centres[labels] * (0.3 + e) + base
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
