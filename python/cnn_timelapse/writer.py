"""Writes an activations file of the contract (docs/artifacts.md, format_version 3) one
snapshot at a time, crash-safely.

The file lives at ``.NAME.partial`` beside the final path until ``close()``, which flushes,
fsyncs and renames it. Each ``append`` extends every per-snapshot dataset, writes the
snapshot's data, flushes, and only then extends and writes ``/snapshots/step`` (the commit
marker) and flushes again: a reader takes ``S`` from ``/snapshots/step``, so a file cut short
by a crash reads as its complete snapshots. Per-snapshot datasets and the images carry
HDF5's Fletcher-32 checksum; the big ones are chunked one snapshot per chunk.
"""
import json
import os

import h5py
import numpy as np

from .errors import RecorderError

FORMAT = "cnn-timelapse.activations"
FORMAT_VERSION = 3
#: The metric names of the contract, each float32 ``[S]``.
METRICS = ("train_loss", "train_accuracy", "tracked_loss", "tracked_accuracy", "test_loss", "test_accuracy", "seconds")
#: Chunk length of the one-dimensional per-snapshot datasets.
SERIES_CHUNK = 256


def partial_path(path):
    """``dir/.NAME.partial`` for ``dir/NAME``: where the file is written until ``close()``."""
    folder, name = os.path.split(os.path.abspath(path))
    return os.path.join(folder, "." + name + ".partial")


def check_arguments(path, dtype, subject=None):
    """Raises ``RecorderError`` unless ``path``'s folder exists, ``dtype`` is a storage type and
    ``subject`` is ``None`` or a non-empty string."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise RecorderError(f"path {path!r}: the folder {folder} does not exist; create it first")
    if dtype not in ("float32", "float16"):
        raise RecorderError(f"dtype {dtype!r}: expected 'float32' or 'float16'")
    if subject is not None and (not isinstance(subject, str) or not subject):
        raise RecorderError(f"subject {subject!r}: expected what one class is, e.g. 'digit' or 'kind of clothing'")


def check_snapshot(writer, step, metrics, probabilities, activations):
    """Checks one snapshot's values against ``writer`` (its ``sample_count``, ``class_count`` and
    declared ``layers``); returns the probabilities as float32 ``[N, C]``."""
    n, c = writer.sample_count, writer.class_count
    unknown = set(metrics) - set(METRICS)
    if unknown:
        raise RecorderError(f"metrics {sorted(unknown)} are not among {', '.join(METRICS)}")
    p = np.asarray(probabilities, dtype=np.float32)
    if p.shape != (n, c) or not np.all(np.isfinite(p)) or np.any(np.abs(p.sum(1) - 1) > 1e-3):
        raise RecorderError(f"step {step}: class probabilities must be finite [N={n}, C={c}] rows summing to 1; got shape {list(p.shape)}")
    if set(activations) != set(writer.layers):
        raise RecorderError(f"step {step}: activations for {sorted(activations)}, expected {sorted(writer.layers)}")
    return p


def check_metrics(writer, metrics, snapshot):
    """The index of an already written ``snapshot`` (negative: from the end) for ``set_metrics``,
    whose names must be among ``METRICS``."""
    s = writer.count + snapshot if snapshot < 0 else snapshot
    if not 0 <= s < writer.count:
        raise RecorderError(f"snapshot {snapshot} is not written yet ({writer.count} so far)")
    for name in metrics:
        if name not in METRICS:
            raise RecorderError(f"metric {name!r} is not among {', '.join(METRICS)}")
    return s


class ActivationsWriter:
    """An activations file being written.

    Args:
        path: the final path; its folder must exist.
        classes: class names ``[C]``.
        labels: true class per tracked sample, int ``[N]`` in ``0..<C``.
        images: uint8 thumbnails ``[N, H, W]`` or ``[N, H, W, 3]``, or ``None``.
        source_index: int64 ``[N]`` (index in the source split), or ``None`` for ``0..<N``.
        producer, config (a JSON-serialisable dict), seed: root attributes.
        default_layer: the layer ``umap-embed`` embeds without ``--layer`` (or ``None``).
        train_size: images in one pass over the training data (or ``None``).
        subject: what one class is, e.g. ``"digit"`` (the root attribute ``subject``; ``None``:
            not written, and the video's words stay neutral).
        dtype: storage type of activations, ``"float32"`` (the contract's) or ``"float16"``
            (half the size; HDF5 readers convert it to float32 on reading).
    """

    def __init__(self, path, classes, labels, images=None, source_index=None, producer="cnn_timelapse",
                 config=None, seed=-1, default_layer=None, train_size=None, dtype="float32", subject=None):
        check_arguments(path, dtype, subject)
        labels = np.asarray(labels)
        n, c = len(labels), len(classes)
        self.path = os.path.abspath(path)
        self.partial = partial_path(path)
        self.sample_count, self.class_count, self.dtype = n, c, np.dtype(dtype)
        self.count = 0
        self.file = h5py.File(self.partial, "w")
        f = self.file
        f.attrs["format"] = FORMAT
        f.attrs["format_version"] = np.int64(FORMAT_VERSION)
        f.attrs["producer"] = producer
        f.attrs["config"] = json.dumps(config or {}, sort_keys=True)
        f.attrs["seed"] = np.int64(seed)
        if default_layer is not None:
            f.attrs["default_layer"] = default_layer
        if train_size is not None:
            f.attrs["train_size"] = np.int64(train_size)
        if subject is not None:
            f.attrs["subject"] = subject
        f.create_dataset("classes", data=np.array(list(classes), dtype=h5py.string_dtype()))
        f.create_dataset("samples/label", data=labels.astype(np.int32))
        index = np.arange(n, dtype=np.int64) if source_index is None else np.asarray(source_index, dtype=np.int64)
        f.create_dataset("samples/source_index", data=index)
        if images is not None:
            f.create_dataset("samples/image", data=images, dtype=np.uint8, chunks=(min(n, 1024),) + images.shape[1:],
                             compression="gzip", compression_opts=4, fletcher32=True)
        for name, dtype_ in [("snapshots/step", np.int64), ("snapshots/images_seen", np.int64), ("snapshots/epoch", np.float64),
                             ("snapshots/epoch_end", np.uint8)] + [(f"metrics/{m}", np.float32) for m in METRICS]:
            self._series(name, dtype_)
        f.create_dataset("predictions/probability", shape=(0, n, c), maxshape=(None, n, c), dtype=np.float32,
                         chunks=(1, n, c), fletcher32=True)
        self.layers = {}
        f.flush()

    def _series(self, name, dtype):
        self.file.create_dataset(name, shape=(0,), maxshape=(None,), dtype=dtype, chunks=(SERIES_CHUNK,), fletcher32=True)

    def add_layer(self, name, kind, shape):
        """Declares a recorded layer: ``kind`` ("conv2d", "dense", …) and its per-sample
        ``shape`` before flattening (``D = prod(shape)``). Only before the first snapshot."""
        if self.count:
            raise RecorderError(f"layer {name!r}: layers are declared before the first snapshot")
        d = int(np.prod(shape))
        n = self.sample_count
        ds = self.file.create_dataset(f"layers/{name}/activation", shape=(0, n, d), maxshape=(None, n, d),
                                      dtype=self.dtype, chunks=(1, n, d), fletcher32=True)
        ds.attrs["kind"] = kind
        ds.attrs["shape"] = np.asarray(shape, dtype=np.int64)
        self.layers[name] = d

    def append(self, step, images_seen, epoch, epoch_end, metrics, probabilities, activations):
        """Appends one snapshot.

        Args:
            step: optimizer steps before it (strictly increasing).
            images_seen: training images seen before it.
            epoch: fractional epoch (``images_seen / train_size``).
            epoch_end: whether it closes an epoch (or is step 0).
            metrics: name → value for names in ``METRICS``; missing ones are NaN.
            probabilities: float ``[N, C]``, finite, rows summing to 1 within 1e-3.
            activations: layer name → ``[N, D]`` for every declared layer.
        """
        n, s = self.sample_count, self.count
        p = check_snapshot(self, step, metrics, probabilities, activations)
        f = self.file
        for name, d in self.layers.items():
            a = np.asarray(activations[name]).reshape(n, d)
            ds = f[f"layers/{name}/activation"]
            ds.resize(s + 1, axis=0)
            ds[s] = a.astype(self.dtype, copy=False)
        ds = f["predictions/probability"]
        ds.resize(s + 1, axis=0)
        ds[s] = p
        values = {"snapshots/images_seen": images_seen, "snapshots/epoch": epoch, "snapshots/epoch_end": int(bool(epoch_end))}
        values.update({f"metrics/{m}": metrics.get(m, np.nan) for m in METRICS})
        for name, value in values.items():
            ds = f[name]
            ds.resize(s + 1, axis=0)
            ds[s] = value
        f.flush()
        steps = f["snapshots/step"]
        steps.resize(s + 1, axis=0)
        steps[s] = step
        f.flush()
        self.count = s + 1

    def set_metrics(self, metrics, snapshot=-1):
        """Sets metrics (name → value) of an already written snapshot (default: the last) and flushes."""
        s = check_metrics(self, metrics, snapshot)
        for name, value in metrics.items():
            self.file[f"metrics/{name}"][s] = np.float32(value)
        self.file.flush()

    #: Always false here; ``IsolatedWriter`` sets it when a write fails.
    stopped = False

    def close(self):
        """Flushes, fsyncs and renames the file to its final path. Returns whether it did."""
        if self.file is None:
            return False
        self.file.flush()
        self.file.close()
        self.file = None
        with open(self.partial, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(self.partial, self.path)
        folder = os.open(os.path.dirname(self.path), os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
        return True

    def discard(self):
        """Closes and deletes the partial file (when the first snapshot cannot be taken)."""
        self.abandon()
        if os.path.exists(self.partial):
            os.remove(self.partial)

    def abandon(self):
        """Closes the file and leaves it under its partial name (what a crash leaves)."""
        if self.file is not None:
            self.file.close()
            self.file = None
