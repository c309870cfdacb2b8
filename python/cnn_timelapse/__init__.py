"""cnn_timelapse: record a network's training as a cnn-timelapse activations file
(docs/artifacts.md, format_version 3) for ``umap-embed`` and ``viz-render``.

Needs only numpy and h5py; ``Recorder`` uses torch, ``LightningRecorder`` lightning,
``KerasRecorder`` keras and ``TimelapseCallback`` transformers, each imported when first used.
``make`` runs the project's programs on a recording (``cnn-timelapse make`` on the command
line) and ``show`` puts the result in a notebook.
"""
__version__ = "0.2.0"

from .errors import RecorderError
from .schedule import Schedule, snapshot_steps
from .writer import ActivationsWriter
from .recorder import Recorder
from .writer_process import RecordingStopped
from .make import MakeError, make
from .notebook import show

__all__ = ["Recorder", "LightningRecorder", "KerasRecorder", "TimelapseCallback", "Schedule", "snapshot_steps",
           "ActivationsWriter", "RecorderError", "RecordingStopped", "make", "MakeError", "show"]


def __getattr__(name):
    if name == "LightningRecorder":
        from .lightning_callback import LightningRecorder
        return LightningRecorder
    if name == "KerasRecorder":
        from .keras_callback import KerasRecorder
        return KerasRecorder
    if name == "TimelapseCallback":
        from .hf_callback import TimelapseCallback
        return TimelapseCallback
    raise AttributeError(f"module 'cnn_timelapse' has no attribute {name!r}")
