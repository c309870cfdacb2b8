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
