"""The recorder as a Lightning ``Callback``: the schedule follows ``trainer.global_step``;
global rank 0 writes (under FSDP every rank runs the probe)."""
import math

try:
    from lightning.pytorch.callbacks import Callback
except ImportError:  # the older package name
    from pytorch_lightning.callbacks import Callback

from .recorder import Recorder
from .schedule import Schedule


class LightningRecorder(Callback):
    """Records a ``LightningModule``'s training::

        trainer = L.Trainer(max_epochs=3, callbacks=[LightningRecorder(
            layers=["net.block2", "net.fc1"], probe=(images, labels), classes=names, path="runs/mine/activations.h5")])

    Args:
        layers, probe, classes, path: as for ``Recorder`` (layer names are those of the
            LightningModule's ``named_modules()``).
        snapshots: the schedule's options, as the train config's ``snapshots`` object
            (``{"every": "schedule", "growth": 2, "per_epoch": 4}`` by default); batches per
            epoch (optimizer steps: ``ceil(num_training_batches / accumulate_grad_batches)``)
            and epochs come from the trainer.
        test_loss, test_accuracy: names in ``trainer.callback_metrics`` (e.g. your logged
            validation figures) stored as ``test_*`` at epoch ends; NaN when absent.
        **options: any other ``Recorder`` keyword (``subject``, ``train_size``, ``mean``, ``std``, …).

    ``train_loss`` comes from ``training_step``'s loss; ``train_accuracy`` needs
    ``training_step`` to return a dict with ``"logits"`` beside ``"loss"`` (the batch's targets
    are then ``batch[1]``), else it is NaN. The probe runs through the LightningModule itself,
    never the strategy's wrapper. The recorder is made on every rank and follows ``Recorder``'s
    rules: rank 0 writes; under DDP the other ranks do nothing, under FSDP they join the probe's
    forward passes. A run that ends with an exception leaves the partial file.
    """

    def __init__(self, layers, probe, classes, path, snapshots=None, test_loss="val_loss",
                 test_accuracy="val_accuracy", **options):
        super().__init__()
        self.layers, self.probe, self.classes, self.path = layers, probe, classes, path
        self.snapshots, self.options = dict(snapshots or {}), options
        self.test_names = {"loss": test_loss, "accuracy": test_accuracy}
        self.recorder = None

    def on_train_start(self, trainer, pl_module):
        batches = math.ceil(trainer.num_training_batches / max(1, trainer.accumulate_grad_batches))
        epochs = trainer.max_epochs if trainer.max_epochs and trainer.max_epochs > 0 else None
        schedule = Schedule(batches_per_epoch=batches, epochs=epochs, **self.snapshots)
        self.recorder = Recorder(pl_module, self.layers, self.probe, self.classes, self.path, schedule, **self.options)

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx):
        if self.recorder is None:
            return
        x = batch[0] if isinstance(batch, (tuple, list)) else batch
        loss, logits = outputs, None
        if isinstance(outputs, dict):
            loss, logits = outputs.get("loss"), outputs.get("logits")
        targets = batch[1] if logits is not None and isinstance(batch, (tuple, list)) and len(batch) > 1 else None
        self.recorder.step(len(x), loss=loss, outputs=logits if targets is not None else None, targets=targets,
                           step=trainer.global_step)

    def on_train_epoch_end(self, trainer, pl_module):
        recording = self.recorder and self.recorder.recording
        if not recording or recording.last_recorded is None or not recording.schedule.is_epoch_end(recording.last_recorded):
            return
        figures = {k: trainer.callback_metrics.get(name) for k, name in self.test_names.items()}
        figures = {k: float(v) for k, v in figures.items() if v is not None}
        if figures:
            self.recorder.test(**figures)

    def on_train_end(self, trainer, pl_module):
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None

    def on_exception(self, trainer, pl_module, exception):
        if self.recorder is not None:
            self.recorder.abandon()
            self.recorder = None
