#!/usr/bin/env python3
"""Writes a synthetic activations file with CIFAR-100's 100 class names (torchvision's spelling,
alphabetical), whose classes cluster by their superclass (examples/cifar100-groups.json), for
looking at frames and pages with class groups: group centres separate snapshot by snapshot,
each class's centre lies near its group's, and a class's mistakes go mostly to another class of
its group (class c is learned from snapshot c mod E on, as in make_many_classes.py).
usage: make_grouped_classes.py OUT.h5 [samples=2000] [snapshots=6]
Render with {"groups_file": "<repo>/examples/cifar100-groups.json"} in the style."""
import json
import pathlib
import sys

import h5py
import numpy as np

from version1_file import write_header

out = sys.argv[1]
N = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
E = int(sys.argv[3]) if len(sys.argv) > 3 else 6
D = 32
groups = json.loads((pathlib.Path(__file__).resolve().parents[1] / "examples/cifar100-groups.json").read_text())["groups"]
classes = sorted(c for members in groups.values() for c in members)
C = len(classes)
group_of = np.array([next(g for g, members in enumerate(groups.values()) if c in members) for c in classes])
rng = np.random.default_rng(0)
labels = (np.arange(N) % C).astype(np.int32)
group_centres = rng.normal(0, 1, (len(groups), D)).astype(np.float32)
centres = group_centres[group_of] + 0.12 * rng.normal(0, 1, (C, D)).astype(np.float32)
base = 0.6 * rng.normal(0, 1, (N, D)).astype(np.float32)
# Each class's usual mistake: the next class of its own group.
siblings = [np.flatnonzero(group_of == group_of[c]) for c in range(C)]
neighbour = np.array([s[(list(s).index(c) + 1) % len(s)] for c, s in enumerate(siblings)])
with h5py.File(out, "w") as f:
    write_header(f, "bench/make_grouped_classes.py", {"samples": N, "snapshots": E}, classes, labels, E)
    p = np.full((E, N, C), 0.1 / C, np.float32)
    for e in range(E):
        share = e / max(1, E - 1)
        right = rng.random(N) < share * (0.5 + 0.5 * ((labels % 7) / 6))
        guess = np.where(right, labels, np.where(rng.random(N) < 0.8, neighbour[labels], (labels + 1) % C))
        p[e, np.arange(N), guess] += 0.9
    f.create_dataset("predictions/probability", data=p / p.sum(axis=2, keepdims=True))
    d = f.create_dataset("layers/fc1/activation", shape=(E, N, D), dtype=np.float32, chunks=(1, N, D))
    for e in range(E):
        d[e] = centres[labels] * (0.3 + e) + base
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
