"""The snapshot schedule: after which optimizer steps a snapshot is recorded.

The semantics are those of `cnn-train` (docs/training.md#snapshots); both sides test against
the shared table `docs/snapshot-schedule-cases.json`. With `B` batches (optimizer steps) per
epoch and `E` epochs (`T = B·E`), step 0 (the untrained network) is always recorded, and:

- ``every="schedule"`` (default): log-spaced through the first epoch — ``s = 1``, then
  ``s ← max(s + 1, ⌊s·growth + ½⌋)`` while ``s < B`` — plus ``per_epoch`` evenly spaced points
  in every epoch ``e``: ``e·B + ⌊(2·j·B + per_epoch) / (2·per_epoch)⌋`` for ``j = 1…per_epoch``
  (the last is the epoch's end);
- ``every="epoch"``: every epoch's end ``B, 2B, …, T`` (format version 1's behaviour);
- ``every="steps"``: the listed ``steps`` (each in ``1…T``), plus every epoch's end.
"""
import math
import numbers

from .errors import RecorderError, nearest

EVERY = ("schedule", "epoch", "steps")


class Schedule:
    """Which optimizer steps get a snapshot.

    Args:
        batches_per_epoch: ``B``, optimizer steps in one pass over the training data (≥ 1).
        epochs: ``E``; ``None`` when unknown (the schedule then goes on for ever, and
            ``"steps"`` entries are not checked against ``T``).
        every: ``"schedule"``, ``"epoch"`` or ``"steps"`` (see the module doc).
        growth: ratio of the log-spaced steps, 1.1…100 (``"schedule"`` only).
        per_epoch: evenly spaced snapshots per epoch, 1…1000 (``"schedule"`` only).
        steps: the steps to record for ``"steps"``.

    The keyword names are those of the train config's ``snapshots`` object, so one of its
    entries reads as ``Schedule(batches_per_epoch=B, epochs=E, **snapshots)``.
    """

    def __init__(self, batches_per_epoch, epochs=None, every="schedule", growth=2.0, per_epoch=4, steps=()):
        if every not in EVERY:
            raise RecorderError(f"schedule: every={every!r} is not one of {', '.join(EVERY)}{nearest(str(every), EVERY)}")
        if not _is_int(batches_per_epoch) or batches_per_epoch < 1:
            raise RecorderError(f"schedule: batches_per_epoch={batches_per_epoch!r}; expected a whole number ≥ 1")
        if epochs is not None and (not _is_int(epochs) or epochs < 1):
            raise RecorderError(f"schedule: epochs={epochs!r}; expected a whole number ≥ 1 or None")
        if not (isinstance(growth, (int, float)) and 1.1 <= growth <= 100):
            raise RecorderError(f"schedule: growth={growth!r}; expected a number in 1.1…100")
        if not _is_int(per_epoch) or not 1 <= per_epoch <= 1000:
            raise RecorderError(f"schedule: per_epoch={per_epoch!r}; expected a whole number in 1…1000")
        steps = list(steps)
        total = None if epochs is None else batches_per_epoch * epochs
        for s in steps:
            if not _is_int(s) or s < 1 or (total is not None and s > total):
                upper = "T" if total is None else str(total)
                raise RecorderError(f"schedule: steps entry {s!r} is outside 1…{upper} (B = {batches_per_epoch}, E = {epochs})")
        self.batches_per_epoch = int(batches_per_epoch)
        self.epochs = None if epochs is None else int(epochs)
        self.every = every
        self.growth = float(growth)
        self.per_epoch = int(per_epoch)
        self.steps = sorted(set(int(s) for s in steps))
        self._cache = {}

    def in_epoch(self, e):
        """The recorded steps in epoch ``e`` (0-based), i.e. in ``e·B + 1 … (e+1)·B``, sorted."""
        b = self.batches_per_epoch
        if e not in self._cache:
            if self.every == "epoch":
                chosen = {(e + 1) * b}
            elif self.every == "steps":
                chosen = {s for s in self.steps if e * b < s <= (e + 1) * b} | {(e + 1) * b}
            else:
                chosen = set()
                if e == 0:
                    s = 1
                    while s < b:
                        chosen.add(s)
                        s = max(s + 1, math.floor(s * self.growth + 0.5))
                p = self.per_epoch
                chosen |= {e * b + (2 * j * b + p) // (2 * p) for j in range(1, p + 1)}
                chosen = {s for s in chosen if s > e * b}
            self._cache[e] = sorted(chosen)
        return self._cache[e]

    def is_snapshot(self, step):
        """Whether a snapshot is recorded after ``step`` optimizer steps (0: the untrained network)."""
        if step == 0:
            return True
        if step < 0 or (self.epochs is not None and step > self.batches_per_epoch * self.epochs):
            return False
        return step in self.in_epoch((step - 1) // self.batches_per_epoch)

    def is_epoch_end(self, step):
        """Whether ``step`` closes an epoch (step 0 counts as "epoch 0")."""
        return step % self.batches_per_epoch == 0

    def all_steps(self):
        """Every recorded step, ``[0, …, T]``; needs ``epochs``."""
        if self.epochs is None:
            raise RecorderError("schedule: all_steps() needs epochs")
        return [0] + [s for e in range(self.epochs) for s in self.in_epoch(e)]

    def as_config(self):
        """The train config's ``snapshots`` object for this schedule (recorded in the file's ``config``)."""
        if self.every == "schedule":
            return {"every": "schedule", "growth": self.growth, "per_epoch": self.per_epoch}
        if self.every == "steps":
            return {"every": "steps", "steps": self.steps}
        return {"every": "epoch"}


def snapshot_steps(batches_per_epoch, epochs, every="schedule", growth=2.0, per_epoch=4, steps=()):
    """The recorded steps of a run of ``epochs`` epochs of ``batches_per_epoch`` steps, sorted,
    starting with 0 (see the module doc for the rules)."""
    return Schedule(batches_per_epoch, epochs, every=every, growth=growth, per_epoch=per_epoch, steps=steps).all_steps()


def _is_int(x):
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)
