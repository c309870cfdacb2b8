"""The recorder for plain PyTorch training loops."""
import numpy as np

from . import __version__
from .display import thumbnails
from .errors import RecorderError
from .outputs import check_probe
from .recording import Recording
from .schedule import Schedule
from .torch_probe import TorchProbe, class_scores, needs_every_rank, unwrap
from .writer_process import display_path, open_writer


def distributed_rank():
    """(rank, world size) under ``torch.distributed``, else (0, 1)."""
    import torch.distributed as dist
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


class Recorder:
    """Records a PyTorch model's training as an activations file (docs/artifacts.md, v3).

    Create it after building the model and before the first optimizer step (it records step 0,
    the untrained network, at once); call ``step`` after every optimizer step and ``close`` at
    the end::

        rec = Recorder(model, layers=["block2", "fc1"], probe=(images, labels), classes=names,
                       path="runs/mine/activations.h5", schedule=Schedule(batches_per_epoch=len(loader)))
        for x, y in loader:             # every epoch
            ...; optimizer.step()
            rec.step(len(x), loss=loss, outputs=logits, targets=y)
        rec.close()

    Args:
        model: the ``torch.nn.Module`` (a ``DistributedDataParallel`` wrapper is unwrapped).
        layers: names from ``model.named_modules()`` to record (e.g. ``"layer2"``, ``"fc1"``);
            each is stored flattened, ``[N, D]``.
        probe: ``(images, labels)``: the fixed pictures every snapshot runs through the model,
            ``[N, …]`` as the model takes them, and their classes ``[N]`` in ``0..<C``.
        classes: the class names ``[C]``.
        subject: what one class is, in the words a viewer reads: ``"digit"``, ``"kind of
            clothing"``, ``"bird species"``; the video and page name it (without it they say "kind").
        path: the file to write; its folder must exist. Until ``close()`` it is ``.NAME.partial``.
        schedule: a ``Schedule`` (which steps get a snapshot), or an int ``B`` (batches per
            epoch) for the default schedule.
        train_size: training images per epoch, for the fractional epoch (else ``step / B``).
        mean, std, to_display: how to turn the probe images into 8-bit thumbnails (see
            ``display.thumbnails``); ``channels`` is ``"first"`` (PyTorch's layout) or ``"last"``.
        outputs: the model's outputs are ``"logits"``, ``"probabilities"`` or ``"auto"``.
        output: optional function picking the ``[N, C]`` scores from the model's output.
        default_layer: the layer ``umap-embed`` embeds by default (the last of ``layers``).
        dtype: ``"float32"`` or ``"float16"`` activations on disk.
        config: a JSON-serialisable dict stored in the file's ``config`` (e.g. your hyper-parameters).
        seed: stored as the file's ``seed`` (default ``torch.initial_seed()``).
        source_index: each probe image's index in its data set ``[N]``.
        batch_size: probe images per forward pass (on the example's network on 2 cores, batches of
            64 and 128 ran fastest: about 5,700 pictures a second in channels-last, 3,200 at 256).
        every_rank: whether every rank must run the probe's forward pass (FSDP, ZeRO-3); by
            default true when the model holds FSDP modules or ZeRO-3 partitioned parameters.
        isolated: write from a child process (the default), so that a failing disk or a crash
            of libhdf5 cannot take the training down; ``False`` writes in this process.

    Under ``torch.distributed``, only rank 0 writes. Under DDP only rank 0 probes too: on the
    other ranks every method does nothing, so no rank waits on a collective. Under FSDP or
    ZeRO-3 a forward pass is a collective, so every rank runs the probe at every snapshot and
    rank 0 keeps the results; create the recorder and call ``step`` on every rank.
    ``step``'s ``images`` is this process's batch; the recorder counts ``world_size`` times as
    many images.

    A write that fails (a full disk, an I/O error, libhdf5 crashing) ends recording with one
    ``RecordingStopped`` warning naming the partial file and its last complete snapshot; the
    training goes on, and the file reads up to there.
    """

    def __init__(self, model, layers, probe, classes, path, schedule, train_size=None, mean=None, std=None,
                 to_display=None, channels="first", outputs="auto", output=None, default_layer=None,
                 dtype="float32", config=None, seed=None, source_index=None, batch_size=128, every_rank=None,
                 isolated=True, subject=None):
        import torch
        self.rank, self.world_size = distributed_rank()
        self.recording = self.writer = None
        if not isinstance(schedule, Schedule):
            if isinstance(schedule, int) and not isinstance(schedule, bool):
                schedule = Schedule(batches_per_epoch=schedule)
            else:
                raise RecorderError(f"schedule: expected a Schedule or the number of batches per epoch, got {schedule!r}")
        images, labels = _split_probe(probe)
        if isinstance(labels, torch.Tensor):
            labels = labels.cpu().numpy()
        labels = check_probe(labels, classes, len(images))
        self.probe = TorchProbe(model, layers, images, batch_size=batch_size, output=output)
        self.every_rank = needs_every_rank(model) if every_rank is None else bool(every_rank)
        if self.rank != 0:
            if self.every_rank:  # no writer: this rank only joins the probe's forward passes
                self.recording = Recording(None, schedule, labels, self.probe, collective=True)
                self.recording.start()
            return
        layers = list(layers)
        pictures = images.detach().cpu().numpy() if isinstance(images, torch.Tensor) else np.asarray(images)
        settings = {"recorder": {"layers": layers, "probe_size": len(labels), "snapshots": schedule.as_config(),
                                 "batches_per_epoch": schedule.batches_per_epoch, "epochs": schedule.epochs,
                                 "world_size": self.world_size, "model": type(unwrap(model)).__name__}}
        writer = self.writer = open_writer(
            path, isolated=isolated, classes=classes, labels=labels, images=thumbnails(pictures, channels, mean, std, to_display), source_index=source_index,
            producer=f"cnn_timelapse {__version__} (torch {torch.__version__})", config={**settings, **(config or {})},
            seed=torch.initial_seed() % 2**63 if seed is None else seed, default_layer=default_layer or layers[-1],
            train_size=train_size, dtype=dtype, subject=subject)
        self.recording = Recording(writer, schedule, labels, self.probe, outputs=outputs, train_size=train_size,
                                   collective=self.every_rank)
        try:
            self.recording.start()
        except BaseException:
            writer.discard()
            raise

    @property
    def path(self):
        """The final path of the file (``None`` on ranks other than 0)."""
        return self.writer.path if self.writer else None

    def step(self, images, loss=None, outputs=None, targets=None, step=None, correct=None):
        """Call after each optimizer step.

        Args:
            images: the batch's size (or the batch tensor itself).
            loss: the batch's mean loss (a float or a 0-d tensor), for ``train_loss``.
            outputs, targets: the batch's class scores ``[B, C]`` (or a Hugging Face output
                object: its ``logits``) and classes ``[B]``, for ``train_accuracy``; without them
                it is NaN.
            step: the optimizer's total step count, when it is not simply one more than before
                (gradient accumulation); default: previous + 1.
            correct: how many of the batch's images were classified right, instead of
                ``outputs`` and ``targets``.

        Returns whether a snapshot was recorded.
        """
        if self.recording is None:
            return False
        count = images if isinstance(images, (int, np.integer)) else len(images)
        if correct is None and outputs is not None and targets is not None:
            outputs = class_scores(outputs)
            correct = int((outputs.detach().argmax(-1) == targets.detach().to(outputs.device)).sum())
        loss = float(loss.detach()) if hasattr(loss, "detach") else loss
        self.recording.add_batch(count * self.world_size, loss=loss, correct=None if correct is None else correct * self.world_size)
        return self.recording.reach(self.recording.step + 1 if step is None else step)

    def test(self, loss=None, accuracy=None):
        """The whole test split's loss and accuracy for the latest snapshot, which must close
        an epoch (or be step 0); elsewhere ``test_*`` stay NaN."""
        if self.recording is not None:
            self.recording.set_test(loss, accuracy)

    def close(self):
        """Finishes the file: flushed, fsynced and renamed to ``path``; then prints one line
        saying how to make the video from it."""
        if self.writer is not None and self.writer.close():
            announce(self.writer)

    def abandon(self):
        """Stops recording and leaves the partial file, as a crash would."""
        if self.writer is not None:
            self.writer.abandon()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close() if kind is None else self.abandon()
        return False


def announce(writer):
    """The line ``close`` prints: what was written and the command that makes the video."""
    count = writer.count
    print(f"cnn_timelapse: wrote {display_path(writer.path)} ({count} snapshot{'s' if count != 1 else ''}); "
          f"make the video with: cnn-timelapse make {display_path(writer.path)}", flush=True)


def _split_probe(probe):
    try:
        images, labels = probe
    except (TypeError, ValueError):
        raise RecorderError("probe: expected a pair (images, labels)") from None
    if not hasattr(images, "shape") or len(images.shape) < 2:
        raise RecorderError(f"probe images: expected an array or tensor [N, …] of pictures, got {type(images).__name__} "
                            f"of shape {list(getattr(images, 'shape', []))}")
    return images, labels
