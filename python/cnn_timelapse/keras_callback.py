"""The recorder as a Keras 3 ``Callback`` (any backend): a sub-model that outputs the named
layers and the model's output, run in inference mode on the probe."""
import keras
import numpy as np

from . import __version__
from .display import thumbnails
from .errors import RecorderError, nearest_names
from .outputs import check_probe
from .recorder import announce
from .recording import Recording
from .schedule import Schedule
from .writer_process import open_writer

#: Keras layer class → the contract's layer `kind`.
KINDS = {"Conv2D": "conv2d", "Dense": "dense", "MaxPooling2D": "maxpool", "AveragePooling2D": "avgpool",
         "GlobalAveragePooling2D": "avgpool", "Flatten": "flatten", "BatchNormalization": "batchnorm",
         "Dropout": "dropout", "Activation": "activation", "ReLU": "relu"}

#: `logs` keys read as the running training accuracy, first found wins.
ACCURACY_KEYS = ("accuracy", "sparse_categorical_accuracy", "categorical_accuracy", "acc")


class KerasProbe:
    """A callable taking a snapshot of a built Keras ``model`` (functional or Sequential):
    ``(outputs [N, C], {layer: [N, *shape]}, {layer: kind})`` as numpy, computed in inference
    mode (``predict_on_batch``: dropout off, batch-norm moving statistics used and unchanged)."""

    def __init__(self, model, layers, images, batch_size=256):
        names = [layer.name for layer in model.layers]
        layers = list(layers)
        if not layers:
            raise RecorderError("layers: expected at least one name from model.layers")
        for name in layers:
            if name not in names:
                raise RecorderError(f"layer {name!r} is not a layer of the model; nearest names: "
                                    f"{', '.join(map(repr, nearest_names(name, names)))}")
        picked = [model.get_layer(name) for name in layers]
        inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
        self.sub = keras.Model(inputs=inputs, outputs=[layer.output for layer in picked] + [model.outputs[0]])
        self.layers, self.kinds = layers, {l.name: KINDS.get(type(l).__name__, type(l).__name__.lower()) for l in picked}
        self.images, self.batch_size = images, int(batch_size)

    def __call__(self):
        parts = []
        for start in range(0, len(self.images), self.batch_size):
            try:
                out = self.sub.predict_on_batch(self.images[start:start + self.batch_size])
            except Exception as e:
                raise RecorderError(f"the model cannot take the probe images of shape {list(np.shape(self.images))}: "
                                    f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e
            parts.append([np.asarray(keras.ops.convert_to_numpy(o), dtype=np.float32) for o in out])
        columns = [np.concatenate(c) for c in zip(*parts)]
        return columns[-1], dict(zip(self.layers, columns[:-1])), dict(self.kinds)


class KerasRecorder(keras.callbacks.Callback):
    """Records a Keras 3 model's training::

        model.fit(x, y, batch_size=64, epochs=3, validation_data=(xv, yv), callbacks=[KerasRecorder(
            layers=["conv2", "dense1"], probe=(images, labels), classes=names, path="runs/mine/activations.h5",
            batch_size=64, train_size=len(x))])

    Args:
        layers: names of the model's (top-level) layers.
        probe, classes, path: as for ``Recorder``; the probe images are as the model takes
            them (channels last).
        batch_size: ``fit``'s batch size (a callback cannot see it), for ``images_seen``.
        train_size: training images per epoch (default ``steps × batch_size``).
        snapshots: the schedule's options (the train config's ``snapshots`` object); batches
            per epoch and epochs come from ``fit``.
        mean, std, to_display, outputs, default_layer, dtype, config, seed, source_index, isolated, subject:
            as for ``Recorder`` (thumbnails are read channels-last).

    ``train_loss``/``train_accuracy`` are recovered exactly from ``fit``'s running epoch means
    (``logs["loss"]`` and ``logs["accuracy"]`` or another accuracy metric; NaN without one);
    ``test_*`` are ``val_loss``/``val_accuracy`` at epoch ends when ``fit`` has validation data.
    """

    def __init__(self, layers, probe, classes, path, batch_size=32, train_size=None, snapshots=None, mean=None,
                 std=None, to_display=None, outputs="auto", default_layer=None, dtype="float32", config=None,
                 seed=-1, source_index=None, probe_batch_size=256, isolated=True, subject=None):
        super().__init__()
        try:
            images, labels = probe
        except (TypeError, ValueError):
            raise RecorderError("probe: expected a pair (images, labels)") from None
        images = np.asarray(keras.ops.convert_to_numpy(images))
        self.labels = check_probe(np.asarray(keras.ops.convert_to_numpy(labels)), classes, len(images))
        self.images, self.layers, self.classes, self.path = images, list(layers), list(classes), path
        self.batch_size, self.train_size, self.snapshots = int(batch_size), train_size, dict(snapshots or {})
        self.display = dict(mean=mean, std=std, to_display=to_display)
        self.file_options = dict(default_layer=default_layer or self.layers[-1], dtype=dtype, seed=seed,
                                 source_index=source_index, subject=subject)
        self.outputs, self.config, self.probe_batch_size = outputs, config, probe_batch_size
        self.recording, self.isolated = None, isolated

    def on_train_begin(self, logs=None):
        steps, epochs = self.params.get("steps"), self.params.get("epochs")
        if not steps:
            raise RecorderError("KerasRecorder needs fit's steps per epoch; give fit a sized data set or steps_per_epoch")
        schedule = Schedule(batches_per_epoch=steps, epochs=epochs, **self.snapshots)
        probe = KerasProbe(self.model, self.layers, self.images, self.probe_batch_size)
        self.epoch_size = self.train_size or steps * self.batch_size
        settings = {"recorder": {"layers": self.layers, "probe_size": len(self.labels), "snapshots": schedule.as_config(),
                                 "batches_per_epoch": steps, "epochs": epochs, "batch_size": self.batch_size,
                                 "model": type(self.model).__name__}}
        writer = open_writer(
            self.path, isolated=self.isolated, classes=self.classes, labels=self.labels,
            images=thumbnails(self.images, "last", **self.display),
            producer=f"cnn_timelapse {__version__} (keras {keras.__version__}, {keras.backend.backend()})",
            config={**settings, **(self.config or {})}, train_size=self.train_size, **self.file_options)
        self.recording = Recording(writer, schedule, self.labels, probe, outputs=self.outputs, train_size=self.epoch_size)
        try:
            self.recording.start()
        except BaseException:
            writer.discard()
            self.recording = None
            raise

    def on_epoch_begin(self, epoch, logs=None):
        self.seen_in_epoch, self.loss_total, self.correct_total = 0, 0.0, 0.0

    def on_train_batch_end(self, batch, logs=None):
        if self.recording is None:
            return
        logs = logs or {}
        steps = self.params["steps"]
        images = self.batch_size
        if batch == steps - 1:
            images = max(1, self.epoch_size - (steps - 1) * self.batch_size)
        seen = self.seen_in_epoch + images
        loss = correct = None
        if "loss" in logs:  # running image-weighted mean over the epoch → this batch's mean
            total = float(logs["loss"]) * seen
            loss, self.loss_total = (total - self.loss_total) / images, total
        key = next((k for k in ACCURACY_KEYS if k in logs), None)
        if key is not None:
            total = float(logs[key]) * seen
            correct, self.correct_total = total - self.correct_total, total
        self.seen_in_epoch = seen
        self.recording.add_batch(images, loss=loss, correct=correct)
        self.recording.reach(self.recording.step + 1)

    def on_epoch_end(self, epoch, logs=None):
        logs, recording = logs or {}, self.recording
        if recording is None or recording.last_recorded is None or not recording.schedule.is_epoch_end(recording.last_recorded):
            return
        figures = {k: float(logs[f"val_{k}"]) for k in ("loss", "accuracy") if f"val_{k}" in logs}
        if figures:
            recording.set_test(**figures)

    def on_train_end(self, logs=None):
        if self.recording is not None:
            if self.recording.writer.close():
                announce(self.recording.writer)
            self.recording = None
