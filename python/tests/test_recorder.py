import math
import os

import h5py
import numpy as np
import pytest
import torch
from torch import nn

from cnn_timelapse import Recorder, RecorderError, Schedule, snapshot_steps
from conftest import tiny_data
from contract import check_activations_file
from models import SmallCNN, train

CLASSES = ["top left", "top right", "bottom left"]


def make(tmp_path, model=None, layers=("conv", "fc1"), n=24, batches=6, epochs=2, **options):
    torch.manual_seed(0)
    model = model or SmallCNN()
    x, y = tiny_data(n)
    rec = Recorder(model, layers=list(layers), probe=(torch.as_tensor(x), torch.as_tensor(y)), classes=CLASSES,
                   path=str(tmp_path / "activations.h5"), schedule=Schedule(batches, epochs), **options)
    return model, rec, x, y


def test_a_training_run_writes_the_contract_with_the_schedule_and_figures(tmp_path):
    x, y = tiny_data(48)
    model, rec, px, py = make(tmp_path, batches=6, epochs=3, train_size=48)
    history = train(model, rec, x, y, epochs=3, batch_size=8, test=True)
    assert not os.path.exists(tmp_path / "activations.h5")
    assert os.path.exists(tmp_path / ".activations.h5.partial")
    rec.close()
    assert sorted(os.listdir(tmp_path)) == ["activations.h5"]
    path = tmp_path / "activations.h5"
    assert check_activations_file(path) == len(snapshot_steps(6, 3))
    with h5py.File(path) as f:
        steps = f["snapshots/step"][:]
        assert steps.tolist() == snapshot_steps(6, 3) == [0, 1, 2, 3, 4, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
        assert f["snapshots/images_seen"][:].tolist() == (steps * 8).tolist()
        assert np.allclose(f["snapshots/epoch"][:], steps / 6)
        assert f["snapshots/epoch_end"][:].tolist() == [int(s % 6 == 0) for s in steps]
        assert f.attrs["train_size"] == 48 and f.attrs["default_layer"] == "fc1"
        assert f["layers/conv/activation"].attrs["kind"] == "conv2d"
        assert f["layers/conv/activation"].attrs["shape"].tolist() == [4, 8, 8]
        assert f["layers/fc1/activation"].attrs["kind"] == "dense"
        # train_* are the image-weighted means of the batches since the previous snapshot.
        loss, acc = f["metrics/train_loss"][:], f["metrics/train_accuracy"][:]
        for k in range(1, len(steps)):
            batches = history[steps[k - 1]:steps[k]]
            images = sum(b for _, b, _ in batches)
            assert loss[k] == pytest.approx(sum(l * b for l, b, _ in batches) / images, rel=1e-5)
            assert acc[k] == pytest.approx(sum(c for _, _, c in batches) / images, rel=1e-6)
        ends = f["snapshots/epoch_end"][:].astype(bool)
        test = f["metrics/test_accuracy"][:]
        assert np.all(test[ends][1:] == 0.75) and np.all(np.isnan(test[~ends])) and np.isnan(test[0]), "not given for step 0"
        assert np.all(f["metrics/seconds"][1:] > 0)
        # The last snapshot holds the trained network's eval-mode outputs on the probe.
        model.eval()
        with torch.no_grad():
            probe = torch.as_tensor(px)
            logits = model(probe)
            conv = model.conv(probe)
        p = torch.softmax(logits, 1).numpy()
        assert np.allclose(f["predictions/probability"][-1], p, atol=1e-6)
        assert np.allclose(f["layers/conv/activation"][-1], conv.reshape(len(px), -1).numpy(), atol=1e-6)
        assert f["metrics/tracked_loss"][-1] == pytest.approx(float(nn.functional.cross_entropy(logits, torch.as_tensor(py))), rel=1e-5)
        assert f["metrics/tracked_accuracy"][-1] == pytest.approx(float((logits.argmax(1) == torch.as_tensor(py)).float().mean()))
        assert f["metrics/tracked_accuracy"][-1] > f["metrics/tracked_accuracy"][0], "the tiny task is learnt"


def test_the_conv_layer_is_copied_before_the_in_place_relu_after_it(tmp_path):
    _, rec, _, _ = make(tmp_path, layers=["conv", "bn"])
    rec.close()
    with h5py.File(tmp_path / "activations.h5") as f:
        assert f["layers/bn/activation"][0].min() < 0, "batch norm output keeps its negative values"


@pytest.mark.parametrize("start_in_train_mode", [True, False])
def test_a_snapshot_restores_every_modules_mode_and_changes_no_state(tmp_path, start_in_train_mode):
    torch.manual_seed(1)
    model = SmallCNN()
    model.train(start_in_train_mode)
    model.drop.train(not start_in_train_mode)  # mixed modes must come back exactly
    x, y = tiny_data(24)
    with torch.no_grad():
        model.bn.running_mean.uniform_(-1, 1)
    state = {k: v.clone() for k, v in model.state_dict().items()}
    modes = {name: m.training for name, m in model.named_modules()}
    rec = Recorder(model, ["conv", "fc1"], (torch.as_tensor(x), torch.as_tensor(y)), CLASSES,
                   str(tmp_path / "a.h5"), Schedule(2, 1), batch_size=10)
    rec.step(8)  # a second snapshot (step 1) with the model untouched: it must equal the first
    assert {name: m.training for name, m in model.named_modules()} == modes
    for k, v in model.state_dict().items():
        assert torch.equal(v, state[k]), f"{k} changed (batch-norm statistics must not update)"
    assert all(not m._forward_hooks for m in model.modules()), "hooks are removed"
    assert torch.is_grad_enabled() and all(p.grad is None for p in model.parameters())
    rec.close()
    with h5py.File(tmp_path / "a.h5") as f:
        a = f["layers/fc1/activation"][:]
        assert np.array_equal(a[0], a[1]), "eval mode: dropout off, so two snapshots of one network agree"


def test_float16_activations(tmp_path):
    _, rec, _, _ = make(tmp_path, dtype="float16")
    rec.close()
    with h5py.File(tmp_path / "activations.h5") as f:
        assert f["layers/conv/activation"].dtype == np.float16
    check_activations_file(tmp_path / "activations.h5")


def test_a_crash_leaves_a_partial_file_that_reads_to_its_last_complete_snapshot(tmp_path):
    """A child process writing in-process records steps 0…3 and dies after flushing step 4's data
    but before its commit marker; the partial file then holds 4 complete snapshots."""
    script = tmp_path / "crash.py"
    script.write_text(f"""
import os, sys, torch
sys.path[:0] = {[os.path.dirname(__file__), os.path.dirname(os.path.dirname(os.path.abspath(__file__)))]!r}
import cnn_timelapse.writer as w
from cnn_timelapse import Recorder, Schedule
from conftest import tiny_data
from models import SmallCNN
append = w.ActivationsWriter.append
def dying(self, step, *args, **kwargs):
    if step == 4:
        flush = self.file.flush
        self.file.flush = lambda: (flush(), os._exit(3))
    return append(self, step, *args, **kwargs)
w.ActivationsWriter.append = dying
x, y = tiny_data(24)
rec = Recorder(SmallCNN(), ["fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"], {str(tmp_path / "out.h5")!r}, Schedule(6),
               isolated=False)
for _ in range(6):
    rec.step(4)
""")
    import subprocess
    import sys
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, done.stderr
    partial = tmp_path / ".out.h5.partial"
    assert not os.path.exists(tmp_path / "out.h5") and os.path.exists(partial)
    assert check_activations_file(partial) == 4
    with h5py.File(partial) as f:
        assert f["snapshots/step"][:].tolist() == [0, 1, 2, 3]
        assert f["layers/fc1/activation"].shape[0] == 5, "step 4's data is there, but not committed"


def test_leaving_a_with_block_by_an_exception_keeps_the_partial_file(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        with make(tmp_path)[1] as rec:
            rec.step(4)
            raise KeyboardInterrupt
    assert os.listdir(tmp_path) == [".activations.h5.partial"]
    assert check_activations_file(tmp_path / ".activations.h5.partial") == 2


def test_test_figures_only_at_epoch_ends(tmp_path):
    _, rec, _, _ = make(tmp_path, batches=6)
    rec.test(loss=1.0, accuracy=0.3)  # step 0 is "epoch 0"
    rec.step(4)
    with pytest.raises(RecorderError, match="latest snapshot is step 1, not a multiple of 6"):
        rec.test(accuracy=0.5)
    rec.close()
    with h5py.File(tmp_path / "activations.h5") as f:
        assert f["metrics/test_accuracy"][0] == np.float32(0.3) and math.isnan(f["metrics/test_accuracy"][1])


@pytest.mark.parametrize("change, message", [
    (dict(layers=["fc"]), r"layer 'fc' is not a module of the model; nearest names: 'fc1', 'bn', 'out', 'conv', 'drop'"),
    (dict(layers=["conv2"]), r"nearest names: 'conv', 'bn', 'out', 'pool', 'drop'"),
    (dict(labels=[0, 1, 3]), r"probe labels\[2\] = 3 is not a class index in 0..<3"),
    (dict(labels=[0, -1, 2]), r"probe labels\[1\] = -1"),
    (dict(images=np.zeros((3, 8, 8), np.float32)), r"the model cannot take the probe images of shape \[3, 8, 8\]"),
    (dict(images=np.zeros((4, 1, 8, 8), np.float32)), r"probe: 4 images but 3 labels"),
    (dict(images=np.zeros((3, 1, 8, 8), np.float32), labels=[[0], [1], [2]]), r"probe labels of shape \[3, 1\]"),
    (dict(path="no/such/folder/a.h5"), r"path 'no/such/folder/a.h5': the folder .*no/such/folder does not exist"),
    (dict(classes=["a", "b", "c", "d"]), r"the model outputs 3 class scores per image but classes lists 4"),
    (dict(schedule="often"), r"schedule: expected a Schedule or the number of batches per epoch"),
])
def test_bad_arguments_get_one_clear_line(tmp_path, monkeypatch, change, message):
    monkeypatch.chdir(tmp_path)
    images = change.get("images", np.zeros((3, 1, 8, 8), np.float32))
    labels = change.get("labels", [0, 1, 2])
    with pytest.raises(RecorderError, match=message) as caught:
        Recorder(SmallCNN(), change.get("layers", ["fc1"]), (images, np.asarray(labels)), change.get("classes", CLASSES),
                 change.get("path", "a.h5"), change.get("schedule", Schedule(4)))
    assert "\n" not in str(caught.value)
    assert os.listdir(tmp_path) == [], "nothing is left behind, not even a partial file"


def test_numpy_probes_are_taken_as_float32(tmp_path):
    x, y = tiny_data(12)
    rec = Recorder(SmallCNN(), ["fc1"], (x.astype(np.float64), y), CLASSES, str(tmp_path / "a.h5"), 4)
    rec.close()
    assert check_activations_file(tmp_path / "a.h5") == 1
