"""cnn_timelapse: record a network's training as a cnn-timelapse activations file
(docs/artifacts.md, format_version 2) for ``umap-embed`` and ``viz-render``.

Needs only numpy and h5py; ``Recorder`` uses torch, ``LightningRecorder`` lightning and
``KerasRecorder`` keras, each imported when first used.
"""
__version__ = "0.2.0"

from .errors import RecorderError
from .schedule import Schedule, snapshot_steps
from .writer import ActivationsWriter
from .recorder import Recorder

__all__ = ["Recorder", "LightningRecorder", "KerasRecorder", "Schedule", "snapshot_steps", "ActivationsWriter", "RecorderError"]


def __getattr__(name):
    if name == "LightningRecorder":
        from .lightning_callback import LightningRecorder
        return LightningRecorder
    if name == "KerasRecorder":
        from .keras_callback import KerasRecorder
        return KerasRecorder
    raise AttributeError(f"module 'cnn_timelapse' has no attribute {name!r}")
