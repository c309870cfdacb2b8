"""The recorder as a Hugging Face ``transformers.Trainer`` callback."""
import math

from transformers import TrainerCallback

from .recorder import Recorder
from .schedule import Schedule
from .torch_probe import class_scores


class TimelapseCallback(TrainerCallback):
    """Records a model trained by ``transformers.Trainer``::

        trainer = Trainer(model=model, args=args, train_dataset=train, eval_dataset=test, callbacks=[TimelapseCallback(
            layers=["vit.layers.5", "classifier"], probe=(pixel_values, labels), classes=names,
            path="runs/mine/activations.h5")])

    Args:
        layers, probe, classes, path: as for ``Recorder``; layer names are the model's
            ``named_modules()``, and the probe's pictures are the model's ``pixel_values``. A
            layer returning a tuple (a transformer block) is recorded by its first item, the
            hidden states; the model's output object is read by its ``logits``.
        snapshots: the schedule's options (the train config's ``snapshots`` object); optimizer
            steps per epoch and epochs come from the trainer.
        test_loss, test_accuracy: names in the evaluation's metrics (``eval_loss``, and
            ``eval_accuracy`` when ``compute_metrics`` returns ``accuracy``) stored as
            ``test_*`` at epoch-end snapshots.
        **options: any other ``Recorder`` keyword (``subject``, ``mean``, ``std``, ``train_size``, …).

    ``train_loss``, ``train_accuracy`` and the images seen come from the training batches
    themselves: a forward hook on the model reads each training forward pass's ``loss``,
    ``logits`` and ``labels`` (summed over gradient accumulation). Under DDP rank 0 records;
    under FSDP every rank runs the probe and rank 0 writes (the callback runs on every rank).
    """

    def __init__(self, layers, probe, classes, path, snapshots=None, test_loss="eval_loss",
                 test_accuracy="eval_accuracy", **options):
        self.layers, self.probe, self.classes, self.path = layers, probe, classes, path
        self.snapshots, self.options = dict(snapshots or {}), options
        self.test_names = {"loss": test_loss, "accuracy": test_accuracy}
        self.recorder = self.hook = None
        self._reset()

    def _reset(self):
        self.images, self.loss_sum, self.loss_images, self.correct, self.counted = 0, 0.0, 0, 0, 0

    def on_train_begin(self, args, state, control, model=None, train_dataloader=None, **kwargs):
        accumulation = max(1, args.gradient_accumulation_steps)
        if train_dataloader is not None and hasattr(train_dataloader, "__len__") and len(train_dataloader):
            batches = math.ceil(len(train_dataloader) / accumulation)
        else:  # an iterable data set with max_steps: its steps are one "epoch"
            batches = max(1, state.max_steps)
        epochs = math.ceil(state.max_steps / batches) if state.max_steps > 0 else None
        schedule = Schedule(batches_per_epoch=batches, epochs=epochs, **self.snapshots)
        self.recorder = Recorder(model, self.layers, self.probe, self.classes, self.path, schedule, **self.options)
        self.hook = model.register_forward_hook(self._training_batch, with_kwargs=True)

    def _training_batch(self, module, inputs, kwargs, output):
        if not module.training:  # the probe and evaluations run in eval mode
            return
        labels = kwargs.get("labels")
        logits = class_scores(output)
        count = len(labels) if labels is not None else len(logits) if hasattr(logits, "__len__") else 0
        self.images += count
        loss = output.get("loss") if isinstance(output, dict) else getattr(output, "loss", None)
        if loss is not None:
            self.loss_sum += float(loss.detach()) * count
            self.loss_images += count
        if labels is not None and hasattr(logits, "argmax") and logits.shape[:-1] == labels.shape:
            self.correct += int((logits.detach().argmax(-1) == labels.to(logits.device)).sum())
            self.counted += count

    def on_step_end(self, args, state, control, **kwargs):
        if self.recorder is None:
            return
        loss = self.loss_sum / self.loss_images if self.loss_images else None
        self.recorder.step(self.images, loss=loss, correct=self.correct if self.counted == self.images and self.images else None,
                           step=state.global_step)
        self._reset()

    def on_evaluate(self, args, state, control, metrics=None, **kwargs):
        recording = self.recorder and self.recorder.recording
        if not recording or recording.last_recorded is None or not recording.schedule.is_epoch_end(recording.last_recorded):
            return
        figures = {k: (metrics or {}).get(name) for k, name in self.test_names.items()}
        figures = {k: float(v) for k, v in figures.items() if v is not None}
        if figures:
            self.recorder.test(**figures)

    def on_train_end(self, args, state, control, **kwargs):
        if self.hook is not None:
            self.hook.remove()
            self.hook = None
        if self.recorder is not None:
            self.recorder.close()
            self.recorder = None
