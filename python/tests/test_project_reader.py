"""Files from every adapter pass the project's own reader: umap-embed embeds them."""
import h5py
import keras
import lightning as L
import numpy as np
import pytest
import torch

from cnn_timelapse import KerasRecorder, LightningRecorder, Recorder, Schedule
from conftest import tiny_data
from models import SmallCNN, train
from test_lightning import Module, loader


def embedded_steps(run, path, layer=None):
    done = run(path, layer)
    assert done.returncode == 0, done.stderr
    with h5py.File(path.parent / "embedding.h5") as f:
        assert f["embedding"].shape[1:] == (24, 2) and np.all(np.isfinite(f["embedding"][:]))
        return f["snapshots/step"][:].tolist()


@pytest.mark.parametrize("dtype", ["float32", "float16"])
def test_pytorch(tmp_path, umap_embed, dtype):
    x, y = tiny_data(24)
    model = SmallCNN()
    rec = Recorder(model, ["conv", "fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"],
                   str(tmp_path / "a.h5"), Schedule(3, epochs=2), dtype=dtype)
    train(model, rec, x, y, epochs=2, batch_size=8)
    rec.close()
    layer = None if dtype == "float32" else "conv"  # the file's default_layer (fc1), or a wide conv layer in float16
    assert embedded_steps(umap_embed, tmp_path / "a.h5", layer) == [0, 1, 2, 3, 4, 5, 6]


def test_a_crashed_partial_file(tmp_path, umap_embed):
    x, y = tiny_data(24)
    rec = Recorder(SmallCNN(), ["fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"], str(tmp_path / "a.h5"), 3)
    rec.step(8)
    rec.step(8)
    rec.abandon()
    partial = tmp_path / ".a.h5.partial"
    with h5py.File(partial, "a") as f:  # a crash after step 3's data, before its commit marker
        for name in ["layers/fc1/activation", "predictions/probability"]:
            f[name].resize(4, axis=0)
    assert embedded_steps(umap_embed, partial) == [0, 1, 2]


def test_lightning(tmp_path, umap_embed):
    x, y = tiny_data(24)
    cb = LightningRecorder(["net.fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"], str(tmp_path / "l.h5"))
    L.Trainer(max_epochs=1, logger=False, enable_checkpointing=False, enable_progress_bar=False, enable_model_summary=False,
              callbacks=[cb]).fit(Module(), loader(48, 8))
    assert embedded_steps(umap_embed, tmp_path / "l.h5") == [0, 1, 2, 3, 4, 5, 6]


def test_keras(tmp_path, umap_embed):
    x, y = tiny_data(48)
    x = np.moveaxis(x, 1, 3)
    model = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(8, activation="relu", name="fc1"),
                              keras.layers.Dense(3, name="out")])
    model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    cb = KerasRecorder(["fc1"], (x[:24], y[:24]), ["a", "b", "c"], str(tmp_path / "k.h5"), batch_size=8)
    model.fit(x, y, batch_size=8, epochs=1, callbacks=[cb], verbose=0)
    assert embedded_steps(umap_embed, tmp_path / "k.h5") == [0, 1, 2, 3, 4, 5, 6]
