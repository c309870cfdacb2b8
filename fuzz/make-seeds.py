"""Writes the small seed inputs of fuzz/corpus/ that need no built program: IDX (plain and
gzipped), .npy, .ndjson and PNG files. The HDF5 and checkpoint seeds come from the programs
themselves (see README.md). Run: python3 fuzz/make-seeds.py"""
import gzip
import os
import struct
import zlib

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(root, target), exist_ok=True)
    with open(os.path.join(root, target, name), "wb") as f:
        f.write(data)


def idx(shape, data):
    return struct.pack(">I", 0x0800 | len(shape)) + b"".join(struct.pack(">I", s) for s in shape) + bytes(data)


images = idx([3, 4, 4], [(i * 37) % 256 for i in range(48)])
labels = idx([3], [0, 1, 2])
put("FuzzIDX", "images", images)
put("FuzzIDX", "labels", labels)
put("FuzzIDX", "images.gz", gzip.compress(images, mtime=0))
put("FuzzIDX", "labels.gz", gzip.compress(labels, mtime=0))


def npy(shape, data, major=1):
    header = "{'descr': '|u1', 'fortran_order': False, 'shape': (%s), }" % ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "")
    size = 2 if major == 1 else 4
    while (8 + size + len(header) + 1) % 64:
        header += " "
    header += "\n"
    length = struct.pack("<H" if major == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([major, 0]) + length + header.encode() + bytes(data)


put("FuzzNPY", "rows.npy", npy([2, 16], range(32)))
put("FuzzNPY", "images.npy", npy([2, 3, 3], range(18), major=2))

put("FuzzNDJSON", "cat.ndjson", b'{"word": "cat", "recognized": true, "drawing": [[[0, 50, 100], [0, 80, 20]], [[10], [10]]]}\n'
    b'{"word": "cat", "drawing": [[[255, 0], [0, 255]]]}\n')


def png(width, height, colour_type, rows):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(r) for r in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


put("FuzzPNG", "gray.png", png(4, 3, 0, [[0, 80, 160, 255]] * 3))
put("FuzzPNG", "rgba.png", png(2, 2, 6, [[255, 0, 0, 255, 0, 0, 255, 128]] * 2))


def checkpoint(arrays, epoch=2, steps=30):
    """A version-1 cnn-train checkpoint (Sources/Training/Checkpoint.swift's layout)."""
    out = b"CNNTLCK1" + struct.pack("<I", 1) + b"a" * 64 + struct.pack("<qq", epoch, steps)
    out += struct.pack("<5f", 0.5, 0.8, 0.6, 0.75, 1.5)
    out += struct.pack("<I", len(arrays))
    for a in arrays:
        out += struct.pack("<Q", len(a)) + struct.pack("<%df" % len(a), *a)
    return out


put("FuzzCheckpoint", "small.ckpt", checkpoint([[0.1, -0.2, 0.3], [2.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [0.5]]))

try:
    import h5py
    import numpy as np
except ImportError:
    h5py = None
if h5py:
    path = os.path.join(root, "FuzzEmbedding", "embedding.h5")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with h5py.File(path, "w") as f:
        for k, v in {"format": "cnn-timelapse.embedding", "producer": "make-seeds.py", "config": "{}", "layer": "fc1",
                     "source": "activations.h5", "source_digest": "x"}.items():
            f.attrs[k] = v
        f.attrs["format_version"] = np.int64(1)
        f["epochs/index"] = np.arange(3, dtype=np.int32)
        f.create_dataset("embedding", data=np.random.default_rng(0).normal(size=(3, 12, 2)).astype(np.float32),
                         chunks=(1, 12, 2), maxshape=(None, 12, 2))
        for name in ["trustworthiness", "knn_preservation", "neighborhood_hit", "movement"]:
            f.create_dataset("quality/" + name, data=np.linspace(0.5, 0.9, 3).astype(np.float32), chunks=(256,), maxshape=(None,))
