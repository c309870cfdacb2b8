"""Reads the 8-bit RGB/RGBA PNGs that Chromium's screenshots are, into a numpy array [H, W, 3],
undoing the five PNG row filters (PNG spec §9). Only for the tests: no imaging library needed."""
import struct
import zlib

import numpy as np


def _unfilter_left(f, row, prev, bpp):
    """Sub (1), Average (3) and Paeth (4) depend on the byte `bpp` to the left: plain Python
    over ints, which is much faster than numpy for one byte at a time."""
    cur = bytearray(len(row))
    for x in range(len(row)):
        a = cur[x - bpp] if x >= bpp else 0
        if f == 1:
            pred = a
        elif f == 3:
            pred = (a + prev[x]) >> 1
        else:
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
        cur[x] = (row[x] + pred) & 255
    return cur


def read_png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), f"unsupported PNG: depth {depth}, colour type {colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    stride = 1 + width * channels
    raw = zlib.decompress(idat)
    out = bytearray()
    prev = bytes(width * channels)
    for y in range(height):
        f, row = raw[y * stride], raw[y * stride + 1:(y + 1) * stride]
        if f == 0:
            cur = row
        elif f == 2:
            cur = ((np.frombuffer(row, np.uint8).astype(np.int32) + np.frombuffer(prev, np.uint8)) & 255).astype(np.uint8).tobytes()
        elif f in (1, 3, 4):
            cur = bytes(_unfilter_left(f, row, prev, channels))
        else:
            raise ValueError(f"bad PNG filter {f}")
        out += cur
        prev = cur
    out = np.frombuffer(bytes(out), np.uint8)
    return out.reshape(height, width, channels)[:, :, :3]
