"""Handing a snapshot's arrays to the writer process through shared memory.

A snapshot of 2,000 probe pictures of the PyTorch example is 26 MB. Pickled into the pipe, the
training process copied it into the pickle and then waited, inside ``step``, for the writer to
read all of it through the pipe's 64 kB: on a loaded machine 100–150 ms a snapshot, at the
writer's scheduling. Instead the training process copies the arrays into one of two slots of a
``memfd`` (anonymous shared memory, Linux) that the writer maps, and sends only where they lie.
Snapshot ``k`` takes slot ``k % 2``, so the writer writes one while the next is being filled;
the training process waits only when the writer is a whole snapshot behind (``IsolatedWriter``
waits for the commit of snapshot ``k − 2`` first).

Memory: two snapshots' bytes (52 MB for 2,000 × 3,264 float32 values), shared by both
processes. Where ``memfd`` is missing (not Linux) the arrays travel in the pipe, as before.
"""
import mmap
import os
from collections import namedtuple

import numpy as np

#: Where one array of a snapshot lies in the shared memory: byte ``offset``, ``shape`` and
#: numpy ``dtype`` string; small enough to pickle into the pipe.
SharedArray = namedtuple("SharedArray", "offset shape dtype")

#: Offsets within a slot are rounded up to this many bytes (a cache line).
ALIGN = 64


def aligned(n):
    return (n + ALIGN - 1) // ALIGN * ALIGN


class SharedSlots:
    """The training process's side: two slots in a ``memfd``, grown to fit a snapshot.

    ``fd`` is passed to the writer process (``subprocess.Popen(pass_fds=…)``), which reads the
    arrays with ``resolve``. Create it with ``SharedSlots.create()``, which returns ``None``
    where shared memory is not available.
    """

    def __init__(self, fd):
        self.fd = fd
        self.slot_bytes = 0
        self.map = None

    @classmethod
    def create(cls):
        """Slots over a new ``memfd``, or ``None`` when the system has none."""
        try:
            return cls(os.memfd_create("cnn_timelapse-snapshots", os.MFD_CLOEXEC))
        except (AttributeError, OSError):
            return None

    def fits(self, arrays):
        """Whether a slot holds ``arrays`` (numpy arrays) as it is."""
        return sum(aligned(a.nbytes) for a in arrays) <= self.slot_bytes

    def grow(self, arrays):
        """Makes each slot hold ``arrays``. Only while the writer reads no slot: what the slots
        hold is lost."""
        self.close_map()
        self.slot_bytes = max(ALIGN, sum(aligned(a.nbytes) for a in arrays))
        os.ftruncate(self.fd, 2 * self.slot_bytes)
        self.map = mmap.mmap(self.fd, 2 * self.slot_bytes)

    def put(self, slot, arrays):
        """Copies ``arrays`` (numpy arrays that ``fits``) into slot 0 or 1; returns a
        ``SharedArray`` for each, in order."""
        offset = slot * self.slot_bytes
        placed = []
        for a in arrays:
            view = np.ndarray(a.shape, a.dtype, buffer=self.map, offset=offset)
            np.copyto(view, a, casting="no")
            placed.append(SharedArray(offset, tuple(a.shape), a.dtype.str))
            offset += aligned(a.nbytes)
        return placed

    def close_map(self):
        if self.map is not None:
            self.map.close()
            self.map = None

    def close(self):
        """Unmaps and closes the ``memfd`` (the writer's own mapping stays valid)."""
        self.close_map()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


class SharedReader:
    """The writer process's side: maps the ``memfd`` it inherited as ``fd`` (again when it has
    grown) and turns ``SharedArray`` descriptions into numpy views of it."""

    def __init__(self, fd):
        self.fd = fd
        self.size = 0
        self.map = None

    def resolve(self, value):
        """``value`` as a numpy array: a view of the shared memory for a ``SharedArray``
        (valid until the slot is filled again), else ``value`` itself."""
        if not isinstance(value, SharedArray):
            return value
        size = os.fstat(self.fd).st_size
        if size != self.size:
            self.map = mmap.mmap(self.fd, size, prot=mmap.PROT_READ) if size else None
            self.size = size
        return np.ndarray(value.shape, np.dtype(value.dtype), buffer=self.map, offset=value.offset)
