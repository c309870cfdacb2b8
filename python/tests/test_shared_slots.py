"""The writer process reads a snapshot's arrays from shared memory (shared_slots.py): the file
holds exactly what was sent, however the two slots are reused, and the pipe still carries them
where there is no shared memory."""
import h5py
import numpy as np
import pytest

from cnn_timelapse import shared_slots
from cnn_timelapse.shared_slots import SharedReader, SharedSlots
from cnn_timelapse.writer_process import IsolatedWriter

N, C = 50, 3


def snapshot(k):
    """Snapshot ``k``'s distinct values: probabilities ``[N, C]`` and two layers ``[N, 40]``, ``[N, 7]``."""
    rng = np.random.default_rng(k)
    p = rng.random((N, C)).astype(np.float32) + 0.1
    return p / p.sum(1, keepdims=True), {"conv": rng.standard_normal((N, 40)).astype(np.float32),
                                         "fc1": rng.standard_normal((N, 7)).astype(np.float32)}


def write(path, count):
    w = IsolatedWriter(str(path), classes=["a", "b", "c"], labels=np.arange(N) % C)
    w.add_layer("conv", "conv2d", (10, 2, 2))
    w.add_layer("fc1", "dense", (7,))
    for k in range(count):
        p, activations = snapshot(k)
        w.append(k, 10 * k, k / 4, False, {"seconds": float(k)}, p, activations)
    assert w.close()
    return w


def check(path, count):
    with h5py.File(path) as f:
        assert f["snapshots/step"][:].tolist() == list(range(count))
        for k in range(count):
            p, activations = snapshot(k)
            assert np.array_equal(f["predictions/probability"][k], p)
            for name, a in activations.items():
                assert np.array_equal(f[f"layers/{name}/activation"][k], a), (name, k)


def test_slots_hand_arrays_to_a_reader_of_the_same_memory():
    slots = SharedSlots.create()
    if slots is None:
        pytest.skip("no memfd here")
    try:
        p, activations = snapshot(0)
        arrays = [p, *activations.values()]
        assert not slots.fits(arrays)
        slots.grow(arrays)
        assert slots.fits(arrays)
        reader = SharedReader(slots.fd)
        for slot in (0, 1):
            placed = slots.put(slot, arrays)
            assert all(d.offset % shared_slots.ALIGN == 0 for d in placed)
            for a, d in zip(arrays, placed):
                assert np.array_equal(reader.resolve(d), a)
                assert reader.resolve(d).dtype == a.dtype
        assert reader.resolve("not shared") == "not shared"
    finally:
        slots.close()


def test_every_snapshot_arrives_intact_through_the_reused_slots(tmp_path):
    w = write(tmp_path / "a.h5", 9)
    assert w.shared is None, "released at close"
    check(tmp_path / "a.h5", 9)


def test_without_shared_memory_the_arrays_go_through_the_pipe(tmp_path, monkeypatch):
    monkeypatch.setattr(SharedSlots, "create", classmethod(lambda cls: None))
    write(tmp_path / "a.h5", 5)
    check(tmp_path / "a.h5", 5)
