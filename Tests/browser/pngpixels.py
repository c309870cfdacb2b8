"""Reads the 8-bit RGB/RGBA PNGs that Chromium's screenshots are, into a numpy array [H, W, 3],
undoing the five PNG row filters (PNG spec §9). Only for the tests: no imaging library needed."""
import struct
import zlib

import numpy as np


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))


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
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + width * channels)
    out = np.zeros((height, width * channels), np.int32)
    prev = np.zeros(width * channels, np.int32)
    for y in range(height):
        f, row = raw[y, 0], raw[y, 1:].astype(np.int32)
        if f == 0:
            cur = row
        elif f == 2:
            cur = (row + prev) & 255
        elif f in (1, 3, 4):
            # Left-dependent filters: go pixel by pixel (vectorised over the channels).
            cur = np.zeros_like(row)
            for x in range(0, width * channels, channels):
                left = cur[x - channels:x] if x else np.zeros(channels, np.int32)
                up = prev[x:x + channels]
                upleft = prev[x - channels:x] if x else np.zeros(channels, np.int32)
                pred = left if f == 1 else (left + up) // 2 if f == 3 else _paeth(left, up, upleft)
                cur[x:x + channels] = (row[x:x + channels] + pred) & 255
        else:
            raise ValueError(f"bad PNG filter {f}")
        out[y] = cur
        prev = cur
    return out.reshape(height, width, channels)[:, :, :3].astype(np.uint8)
