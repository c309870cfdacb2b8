#!/usr/bin/env python3
"""Writes Tests/HDF5Tests/Fixtures/recorder-activations.h5 (and recorder-activations.json, the
figures the Swift test expects): a tiny PyTorch CNN trained for 2 epochs of 3 steps with the
Python recorder (python/, package cnn_timelapse), so the Swift reader is tested on a file the
recorder really wrote. Run from the project root with the project venv:
    $(scripts/setup-python.sh | tail -1) scripts/make-recorder-fixture.py
"""
import json
import os
import sys

import h5py
import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from cnn_timelapse import Recorder, Schedule  # noqa: E402

OUT = "Tests/HDF5Tests/Fixtures/recorder-activations"
torch.manual_seed(0)
rng = np.random.default_rng(0)
n, classes = 12, ["circle", "square", "triangle"]
labels = np.arange(n) % 3
images = torch.as_tensor(rng.random((n, 1, 6, 6)), dtype=torch.float32)
model = nn.Sequential()
model.add_module("conv", nn.Conv2d(1, 2, 3))
model.add_module("relu", nn.ReLU())
model.add_module("flat", nn.Flatten())
model.add_module("fc1", nn.Linear(2 * 4 * 4, 5))
model.add_module("out", nn.Linear(5, 3))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
rec = Recorder(model, ["conv", "fc1"], (images, torch.as_tensor(labels)), classes, OUT + ".h5", Schedule(3, epochs=2),
               train_size=24, seed=0, config={"fixture": "scripts/make-recorder-fixture.py"})
rec.test(loss=1.5, accuracy=0.25)
for epoch in range(2):
    for step in range(3):
        x, y = images[step * 4:step * 4 + 4], torch.as_tensor(labels[step * 4:step * 4 + 4])
        logits = model(x)
        loss = nn.functional.cross_entropy(logits, y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        rec.step(8, loss=loss, outputs=logits, targets=y)
    rec.test(loss=1.0 - 0.25 * epoch, accuracy=0.5 + 0.25 * epoch)
rec.close()
with h5py.File(OUT + ".h5") as f:
    expected = {
        "fc1_sums": [float(np.float64(a).sum()) for a in f["layers/fc1/activation"][:]],
        "conv_first": f["layers/conv/activation"][1, 0, :4].tolist(),
        "tracked_accuracy": f["metrics/tracked_accuracy"][:].tolist(),
        "train_loss_last": float(f["metrics/train_loss"][-1]),
        "seconds_first": float(f["metrics/seconds"][0]),
    }
with open(OUT + ".json", "w") as f:
    json.dump(expected, f, indent=1)
