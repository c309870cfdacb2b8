import os

import h5py
import keras
import numpy as np
import pytest

from cnn_timelapse import KerasRecorder, RecorderError, snapshot_steps
from cnn_timelapse.keras_callback import KerasProbe
from conftest import tiny_data
from contract import check_activations_file


def small_model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, padding="same", name="conv"),
        keras.layers.BatchNormalization(name="bn"),
        keras.layers.Activation("relu", name="relu"),
        keras.layers.Flatten(name="flat"),
        keras.layers.Dropout(0.5, name="drop"),
        keras.layers.Dense(16, activation="relu", name="fc1"),
        keras.layers.Dense(3, activation="softmax", name="out"),
    ])


def channels_last(x):
    return np.moveaxis(x, 1, 3)


def test_fit_writes_the_contract_with_the_schedule_and_figures(tmp_path):
    x, y = tiny_data(100)
    x = channels_last(x)
    model = small_model()
    model.compile(optimizer=keras.optimizers.SGD(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    path = tmp_path / "keras.h5"
    cb = KerasRecorder(["conv", "fc1"], (x[:30], y[:30]), ["a", "b", "c"], str(path), batch_size=16, train_size=100)
    history = model.fit(x, y, batch_size=16, epochs=2, validation_data=(x[:40], y[:40]), callbacks=[cb], verbose=0).history
    assert os.listdir(tmp_path) == ["keras.h5"]
    steps = snapshot_steps(7, 2)
    assert check_activations_file(path) == len(steps)
    with h5py.File(path) as f:
        assert f["snapshots/step"][:].tolist() == steps
        seen = f["snapshots/images_seen"][:]
        assert seen.tolist() == [(s // 7) * 100 + min((s % 7) * 16, 100) for s in steps]
        ends = f["snapshots/epoch_end"][:].astype(bool)
        assert np.allclose(f["metrics/test_loss"][:][ends][1:], history["val_loss"], rtol=1e-6)
        assert np.allclose(f["metrics/test_accuracy"][:][ends][1:], history["val_accuracy"], rtol=1e-6)
        # The per-snapshot training figures add up to fit's own epoch means.
        images = np.diff(seen, prepend=0)
        for name, key in (("train_loss", "loss"), ("train_accuracy", "accuracy")):
            m = f[f"metrics/{name}"][:]
            for e in range(2):
                inside = (np.array(steps) > 7 * e) & (np.array(steps) <= 7 * (e + 1))
                assert (m[inside] * images[inside]).sum() / 100 == pytest.approx(history[key][e], rel=1e-4)
        assert np.allclose(f["predictions/probability"][-1], model.predict(x[:30], verbose=0), atol=1e-6)
        assert f["layers/conv/activation"].attrs["shape"].tolist() == [8, 8, 4]
        assert f["samples/image"].shape == (30, 8, 8)


def test_the_probe_runs_in_inference_mode_and_changes_no_state():
    x, y = tiny_data(20)
    model = small_model()
    before = [w.copy() for w in model.get_layer("bn").get_weights()]
    probe = KerasProbe(model, ["bn", "fc1"], channels_last(x))
    first, second = probe(), probe()
    for a, b in zip(before, model.get_layer("bn").get_weights()):
        assert np.array_equal(a, b), "batch-norm moving statistics are unchanged"
    assert np.array_equal(first[1]["fc1"], second[1]["fc1"]), "dropout is off"
    assert first[2] == {"bn": "batchnorm", "fc1": "dense"}


def test_unknown_layers_list_the_nearest_names(tmp_path):
    with pytest.raises(RecorderError, match=r"layer 'fc' is not a layer of the model; nearest names: 'fc1', 'bn', 'flat', 'out', 'conv'"):
        KerasProbe(small_model(), ["fc"], np.zeros((2, 8, 8, 1), np.float32))
