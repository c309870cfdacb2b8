import subprocess
import sys

import numpy as np
import pytest

from cnn_timelapse import ActivationsWriter, RecorderError
from contract import check_activations_file


def test_importing_the_package_needs_only_numpy_and_h5py():
    code = "import sys, cnn_timelapse; print(sorted(m for m in ('torch', 'lightning', 'keras') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_writer_alone_writes_the_contract_from_any_framework(tmp_path):
    """The writer needs no framework: numpy arrays in, the contract out."""
    w = ActivationsWriter(str(tmp_path / "a.h5"), ["x", "y"], [0, 1, 1], images=np.zeros((3, 2, 2), np.uint8),
                          default_layer="h", train_size=10)
    w.add_layer("h", "dense", [4])
    p = np.array([[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]])
    for k, step in enumerate([0, 2, 5]):
        w.append(step, step * 2, step * 2 / 10, step % 5 == 0, {"tracked_accuracy": 0.5, "seconds": float(k)}, p, {"h": np.full((3, 4), k, np.float32)})
    w.set_metrics({"test_accuracy": 0.75})
    with pytest.raises(RecorderError, match="rows summing to 1"):
        w.append(6, 12, 1.2, False, {}, p * 2, {"h": np.zeros((3, 4))})
    with pytest.raises(RecorderError, match=r"metrics \['accuracy'\] are not among"):
        w.append(6, 12, 1.2, False, {"accuracy": 1}, p, {"h": np.zeros((3, 4))})
    w.close()
    assert check_activations_file(tmp_path / "a.h5") == 3
