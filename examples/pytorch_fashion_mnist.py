#!/usr/bin/env python3
"""Your own model, end to end: a small residual network trained in PyTorch on Fashion-MNIST
(Debian's dataset-fashion-mnist), recorded with cnn_timelapse, then laid out by the project's
umap-embed and filmed by its viz-render.

    pip install ./python                 # into an environment with torch
    swift build -c release               # the project's programs
    python examples/pytorch_fashion_mnist.py --out runs/pytorch-fashion-mnist

It records the second residual block (`layer2`, 64 × 7 × 7 = 3,136 values per picture) and the
penultimate layer (`fc1`, 128 values) of 2,000 class-balanced test pictures on the schedule of
docs/training.md#snapshots, embeds `fc1` (or `--layer layer2`, with PCA) and writes
OUT/timelapse.mp4 and OUT/poster.png. Two epochs take a few minutes on 2 cores.
"""
import argparse
import gzip
import os
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn

from cnn_timelapse import Recorder, Schedule

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
#: Fashion-MNIST's labels 0–9 (Xiao, Rasul and Vollgraf 2017), as Sources/Datasets/IDXSource.swift names them.
CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
#: Mean and standard deviation of Fashion-MNIST's training pixels (in 0…1): the input normalisation.
MEAN, STD = 0.2860, 0.3530


def read_idx(path):
    """An IDX file (gzipped) as a uint8 array of its declared shape."""
    with gzip.open(path) as f:
        data = f.read()
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(data[3])]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class ResidualBlock(nn.Module):
    """conv3×3 → BN → ReLU → conv3×3 → BN, plus the input (1×1 conv when the shape changes), → ReLU."""

    def __init__(self, inputs, outputs, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class ResNet(nn.Module):
    """28×28 grey → stem 32×28×28 → pool 32×14×14 → layer1 32×14×14 → layer2 64×7×7 →
    fc1 128 (from the flattened 3,136 values; ReLU; the penultimate layer) → 10 class scores."""

    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2))
        self.layer1 = ResidualBlock(32, 32)
        self.layer2 = ResidualBlock(32, 64, stride=2)
        self.fc1 = nn.Sequential(nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU())
        self.out = nn.Linear(128, 10)

    def forward(self, x):
        x = self.layer2(self.layer1(self.stem(x)))
        return self.out(self.fc1(x))


def balanced(labels, count, seed):
    """``count`` indices, as many of each class as possible, in a seeded random order, sorted."""
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    per = count // len(classes)
    chosen = [rng.permutation(np.flatnonzero(labels == c))[:per] for c in classes]
    return np.sort(np.concatenate(chosen))


def evaluate(model, x, y, batch=1000):
    """(mean cross-entropy, accuracy) of ``model`` in eval mode on the whole test split."""
    model.eval()
    loss = correct = 0.0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])
            loss += float(nn.functional.cross_entropy(logits, y[i:i + batch], reduction="sum"))
            correct += int((logits.argmax(1) == y[i:i + batch]).sum())
    model.train()
    return loss / len(x), correct / len(x)


def run(program, *args):
    print("$", os.path.basename(program), " ".join(args), flush=True)
    subprocess.run([program, *args], check=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=os.path.join(ROOT, "runs", "pytorch-fashion-mnist"), help="output folder")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="folder of the four IDX .gz files")
    p.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"), help="folder of umap-embed and viz-render")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--probe", type=int, default=2000, help="tracked test pictures (class-balanced)")
    p.add_argument("--per-epoch", type=int, default=4, help="evenly spaced snapshots per epoch (besides the log-spaced ones)")
    p.add_argument("--layer", default="fc1", help="the recorded layer to embed: fc1 or layer2")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--record-only", action="store_true", help="stop after writing activations.h5")
    a = p.parse_args()
    for name in ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]:
        if not os.path.exists(os.path.join(a.data, name)):
            sys.exit(f"{os.path.join(a.data, name)}: missing; install Debian's dataset-fashion-mnist or pass --data")
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    def load(kind):
        images = torch.tensor(read_idx(f"{a.data}/{kind}-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1)
        return (images / 255 - MEAN) / STD, torch.tensor(read_idx(f"{a.data}/{kind}-labels-idx1-ubyte.gz"), dtype=torch.long)
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    probe = torch.as_tensor(balanced(y_test.numpy(), a.probe, seed=0))
    batches = (len(x_train) + a.batch_size - 1) // a.batch_size

    model = ResNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    path = os.path.join(a.out, "activations.h5")
    # The recorder: the five lines of the README's "Your own model" are these and the two calls below.
    recorder = Recorder(model, layers=["layer2", "fc1"], probe=(x_test[probe], y_test[probe]), classes=CLASSES, path=path,
                        subject="kind of clothing", schedule=Schedule(batches, epochs=a.epochs, per_epoch=a.per_epoch), train_size=len(x_train),
                        mean=MEAN, std=STD, source_index=probe.numpy(), seed=0,
                        config={"example": "examples/pytorch_fashion_mnist.py", "batch_size": a.batch_size, "lr": 1e-3})
    recorder.test(*evaluate(model, x_test, y_test))
    generator = torch.Generator().manual_seed(0)
    started = time.perf_counter()
    for epoch in range(a.epochs):
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(batches):
            index = order[i * a.batch_size:(i + 1) * a.batch_size]
            x, y = x_train[index], y_train[index]
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            recorder.step(len(x), loss=loss, outputs=logits, targets=y)
        test_loss, test_accuracy = evaluate(model, x_test, y_test)
        recorder.test(test_loss, test_accuracy)
        print(f"epoch {epoch + 1}: test accuracy {test_accuracy:.3f}, {time.perf_counter() - started:.0f} s", flush=True)
    recorder.close()
    print(f"wrote {path}", flush=True)
    if a.record_only:
        return
    embed, render = os.path.join(a.bin, "umap-embed"), os.path.join(a.bin, "viz-render")
    for program in (embed, render):
        if not os.access(program, os.X_OK):
            sys.exit(f"{program}: not found; run `swift build -c release` or pass --bin")
    embedding = os.path.join(a.out, "embedding.h5")
    embed_config = os.path.join(ROOT, "configs", "embed", "aligned-pca.json" if a.layer == "layer2" else "aligned.json")
    run(embed, "--config", embed_config, "--activations", path, "--layer", a.layer, "--out", embedding)
    run(render, "--style", os.path.join(ROOT, "configs", "render", "light.json"), "--activations", path,
        "--embedding", embedding, "--frames", os.path.join(a.out, "frames"), "--video", os.path.join(a.out, "timelapse.mp4"),
        "--poster", os.path.join(a.out, "poster.png"))


if __name__ == "__main__":
    main()
