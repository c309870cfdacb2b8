#!/usr/bin/env python3
"""Puts pictures into a bench activations file (pictures are not part of the embedding's digest).
usage: page_pictures.py ACTIVATIONS.h5 N KIND
  fashion   real Fashion-MNIST test pictures, 28x28 grey (cycled past 10,000)
  colour224 photograph-like colour pictures of 224x224, [N, 224, 224, 3]: Gaussian noise with
            natural images' 1/f amplitude spectrum, channels mixed, a random mean colour each.
            No imaging data set ships in Debian; this has the spectrum of photographs but none
            of their flat areas, so it compresses worse than real photographs (a bound).
  colour224-first  the same pictures stored channels-first, [N, 3, 224, 224] (PyTorch's order)"""
import gzip, sys
import h5py, numpy as np

path, n, kind = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "fashion":
    with gzip.open("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz") as f:
        images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
    images = images[np.arange(n) % len(images)]
elif kind in ("colour224", "colour224-first"):
    side, rng = 224, np.random.default_rng(1)
    fy, fx = np.fft.fftfreq(side)[:, None], np.fft.rfftfreq(side)[None, :]
    amplitude = 1 / np.maximum(np.sqrt(fx ** 2 + fy ** 2), 1 / side)
    images = np.empty((n, side, side, 3), np.uint8)
    for start in range(0, n, 100):
        b = min(100, n - start)
        z = (rng.normal(size=(b, 3) + amplitude.shape) + 1j * rng.normal(size=(b, 3) + amplitude.shape)) * amplitude
        x = np.fft.irfft2(z, s=(side, side))
        x = np.einsum("bij,bjyx->byxi", rng.normal(size=(b, 3, 3)) * 0.3 + np.eye(3), x)
        x = (x - x.mean(axis=(1, 2, 3), keepdims=True)) / x.std(axis=(1, 2, 3), keepdims=True) * 45
        images[start:start + b] = np.clip(x + rng.uniform(70, 180, (b, 1, 1, 3)), 0, 255)
    if kind == "colour224-first":
        images = np.ascontiguousarray(images.transpose(0, 3, 1, 2))
else:
    sys.exit(f"page_pictures.py: unknown kind {kind!r}")
with h5py.File(path, "r+") as f:
    del f["samples/image"]
    f.create_dataset("samples/image", data=images, chunks=(min(n, 256),) + images.shape[1:])
