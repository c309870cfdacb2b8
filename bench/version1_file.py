"""The parts of a version 1 activations file (docs/artifacts.md) that the synthetic bench files
share: root attributes, class names, labels, source indices, epoch indices and empty metrics."""
import json

import h5py
import numpy as np


def write_header(f: h5py.File, producer: str, config: dict, classes, labels: np.ndarray, epochs: int):
    """Writes everything but the predictions and the layers into the open file `f`."""
    f.attrs.update(format="cnn-timelapse.activations", format_version=1, producer=producer,
                   config=json.dumps(config), seed=0)
    f.create_dataset("classes", data=np.array(list(classes), dtype=h5py.string_dtype()))
    f.create_dataset("samples/label", data=labels)
    f.create_dataset("samples/source_index", data=np.arange(len(labels), dtype=np.int64))
    f.create_dataset("epochs/index", data=np.arange(epochs, dtype=np.int32))
    for k in ["train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"]:
        f.create_dataset(f"metrics/{k}", data=np.zeros(epochs, np.float32))
