"""What one class is (``subject``, format_version 3) travels from the recorder into the file."""
import os

import h5py
import keras
import lightning as L
import numpy as np
import pytest
import torch

from cnn_timelapse import KerasRecorder, LightningRecorder, Recorder, RecorderError, Schedule
from conftest import tiny_data
from contract import check_activations_file
from models import SmallCNN, train
from test_keras import channels_last, small_model
from test_lightning import Module, loader


def recorder(tmp_path, **options):
    torch.manual_seed(0)
    x, y = tiny_data(24)
    model = SmallCNN()
    rec = Recorder(model, ["fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"],
                   str(tmp_path / "activations.h5"), Schedule(3, 1), **options)
    train(model, rec, x, y, epochs=1, batch_size=8)
    rec.close()
    return tmp_path / "activations.h5"


@pytest.mark.parametrize("isolated", [True, False])
def test_the_recorder_writes_the_subject(tmp_path, isolated):
    path = recorder(tmp_path, subject="digit", isolated=isolated)
    check_activations_file(path)
    with h5py.File(path) as f:
        assert f.attrs["format_version"] == 3 and f.attrs["subject"] == "digit"


def test_without_a_subject_the_file_has_none(tmp_path):
    with h5py.File(recorder(tmp_path)) as f:
        assert "subject" not in f.attrs


@pytest.mark.parametrize("subject", ["", 3])
def test_a_bad_subject_is_one_clear_line(tmp_path, subject):
    x, y = tiny_data(6)
    with pytest.raises(RecorderError, match=r"subject .*: expected what one class is, e\.g\. 'digit'"):
        Recorder(SmallCNN(), ["fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"],
                 str(tmp_path / "a.h5"), Schedule(3, 1), subject=subject)
    assert os.listdir(tmp_path) == []


def test_the_lightning_callback_passes_the_subject(tmp_path):
    torch.manual_seed(0)
    x, y = tiny_data(24)
    path = tmp_path / "lightning.h5"
    cb = LightningRecorder(["net.fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"], str(path),
                           subject="kind of clothing")
    trainer = L.Trainer(max_epochs=1, accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, num_sanity_val_steps=0, callbacks=[cb])
    trainer.fit(Module(), loader(24, 8))
    with h5py.File(path) as f:
        assert f.attrs["subject"] == "kind of clothing"


def test_the_keras_callback_passes_the_subject(tmp_path):
    x, y = tiny_data(32)
    x = channels_last(x)
    model = small_model()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="sparse_categorical_crossentropy")
    path = tmp_path / "keras.h5"
    cb = KerasRecorder(["fc1"], (x[:12], y[:12]), ["a", "b", "c"], str(path), batch_size=16, subject="bird species")
    model.fit(x, y, batch_size=16, epochs=1, callbacks=[cb], verbose=0)
    with h5py.File(path) as f:
        assert f.attrs["subject"] == "bird species"
