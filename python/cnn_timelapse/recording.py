"""The time axis of a recording, shared by every adapter: counting steps and images, the
training figures between snapshots, timing, and taking a snapshot when the schedule says so."""
import time

import numpy as np

from .errors import RecorderError
from .outputs import log_probabilities, tracked_figures


class Recording:
    """Turns training progress into snapshots of an ``ActivationsWriter``.

    Args:
        writer: the ``ActivationsWriter`` (its layers are declared at the first snapshot).
        schedule: the ``Schedule``.
        labels: int32 ``[N]`` probe labels.
        take: a function returning ``(outputs [N, C], {layer: [N, *shape]}, {layer: kind})``
            for the current network, recording mode handled by the adapter.
        outputs: ``"auto"``, ``"logits"`` or ``"probabilities"`` (see ``log_probabilities``).
        train_size: images per epoch; when ``None`` the fractional epoch is ``step / B``.
        collective: the probe is a collective (FSDP, ZeRO-3): every rank takes every snapshot,
            even with no ``writer`` (ranks other than 0) or one that has stopped.

    Figures (docs/artifacts.md): ``train_loss``/``train_accuracy`` are image-weighted means
    over the batches since the previous snapshot for which the adapter passed them (NaN when
    none did, and at step 0); ``tracked_*`` come from the probe; ``test_*`` are NaN unless
    ``set_test`` gives them for an epoch-end snapshot; ``seconds`` is wall-clock time since the
    previous snapshot ended (so recording is excluded), 0 at step 0.
    """

    def __init__(self, writer, schedule, labels, take, outputs="auto", train_size=None, collective=False):
        self.writer, self.schedule, self.labels, self.take = writer, schedule, labels, take
        self.outputs, self.train_size, self.collective = outputs, train_size, collective
        self.step = 0
        self.images_seen = 0
        self.last_recorded = None
        self._reset_figures()

    def _reset_figures(self):
        self.loss_sum = self.loss_images = 0.0
        self.correct = self.correct_images = 0.0
        self.clock = time.perf_counter()

    def start(self):
        """Records step 0, the untrained network."""
        self._snapshot()

    def add_batch(self, images, loss=None, correct=None):
        """Counts one batch of ``images`` training images, with its mean ``loss`` and the number
        of images it classified right (``correct``) when known."""
        self.images_seen += int(images)
        if loss is not None:
            self.loss_sum += float(loss) * images
            self.loss_images += images
        if correct is not None:
            self.correct += float(correct)
            self.correct_images += images

    def reach(self, step):
        """The optimizer has now taken ``step`` steps in all; records a snapshot when the
        schedule asks for one (once per step). Returns whether it did."""
        if step < self.step:
            raise RecorderError(f"step {step} is before the previous step {self.step}; steps only go forward")
        self.step = int(step)
        if self.step == self.last_recorded or not self.schedule.is_snapshot(self.step):
            return False
        self._snapshot()
        return True

    def set_test(self, loss=None, accuracy=None):
        """Whole-test-split figures for the latest snapshot, which must close an epoch (or be step 0)."""
        if self.writer is None or self.writer.stopped:
            return
        if self.last_recorded is None or not self.schedule.is_epoch_end(self.last_recorded):
            raise RecorderError(f"test figures belong to an epoch-end snapshot; the latest snapshot is step {self.last_recorded}, "
                                f"not a multiple of {self.schedule.batches_per_epoch} batches")
        figures = {k: v for k, v in (("test_loss", loss), ("test_accuracy", accuracy)) if v is not None}
        self.writer.set_metrics({k: float(v) for k, v in figures.items()})

    def _snapshot(self):
        seconds = time.perf_counter() - self.clock if self.last_recorded is not None else 0.0
        if self.writer is None or self.writer.stopped:
            if self.collective:  # the other ranks wait for this one in the probe's forward pass
                self.take()
            self.last_recorded = self.step
            return
        outputs, activations, kinds = self.take()
        if np.asarray(outputs).shape[-1] != self.writer.class_count:
            raise RecorderError(f"the model outputs {np.asarray(outputs).shape[-1]} class scores per image "
                                f"but classes lists {self.writer.class_count}")
        if not self.writer.count and not self.writer.layers:
            for name, a in activations.items():
                self.writer.add_layer(name, kinds[name], a.shape[1:])
        try:
            logp = log_probabilities(outputs, self.outputs)
        except RecorderError as e:  # after step 0 a diverging network is no reason to end the training
            if self.last_recorded is None or not hasattr(self.writer, "stop"):
                raise
            self.writer.stop(f"step {self.step}: {e}")
            self.last_recorded = self.step
            return
        tracked_loss, tracked_accuracy = tracked_figures(logp, self.labels)
        mean = lambda total, count: total / count if count else np.nan
        metrics = {
            "tracked_loss": tracked_loss, "tracked_accuracy": tracked_accuracy, "seconds": seconds,
            "train_loss": mean(self.loss_sum, self.loss_images), "train_accuracy": mean(self.correct, self.correct_images),
        }
        b = self.schedule.batches_per_epoch
        epoch = self.images_seen / self.train_size if self.train_size else self.step / b
        self.writer.append(self.step, self.images_seen, epoch, self.schedule.is_epoch_end(self.step), metrics,
                           np.exp(logp), {k: v.reshape(len(v), -1) for k, v in activations.items()})
        self.last_recorded = self.step
        self._reset_figures()
