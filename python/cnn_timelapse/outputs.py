"""From a model's outputs on the probe to what a snapshot stores: class probabilities and
the tracked samples' loss and accuracy. Framework-neutral (numpy)."""
import numpy as np

from .errors import RecorderError

OUTPUT_KINDS = ("auto", "logits", "probabilities")


def check_probe(labels, classes, count):
    """The probe labels as int32 ``[N]``, checked: one per probe image (``count``), each in
    ``0..<C``; ``classes`` must be ``C ≥ 2`` distinct names."""
    classes = list(classes)
    if len(classes) < 2 or len(set(classes)) != len(classes) or not all(isinstance(c, str) and c for c in classes):
        raise RecorderError(f"classes {classes!r}: expected at least two distinct, non-empty names")
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise RecorderError(f"probe labels of shape {list(y.shape)}: expected one class index per image, [N] with N ≥ 1")
    if not np.issubdtype(y.dtype, np.integer):
        raise RecorderError(f"probe labels of type {y.dtype}: expected integer class indices")
    if count != len(y):
        raise RecorderError(f"probe: {count} images but {len(y)} labels; expected one label per image")
    bad = np.flatnonzero((y < 0) | (y >= len(classes)))
    if bad.size:
        i = int(bad[0])
        raise RecorderError(f"probe labels[{i}] = {int(y[i])} is not a class index in 0..<{len(classes)} ({len(classes)} classes)")
    return y.astype(np.int32)


def log_probabilities(outputs, kind="auto"):
    """Log class probabilities float64 ``[N, C]`` from the model's outputs ``[N, C]``.

    ``kind`` is ``"logits"`` (log-softmax is applied), ``"probabilities"`` (rows already
    sum to 1, e.g. a Keras softmax layer) or ``"auto"``: probabilities when every value is in
    0…1 and every row sums to 1 within 1e-4, else logits.
    """
    z = np.asarray(outputs, dtype=np.float64)
    if z.ndim != 2 or z.shape[1] < 2:
        raise RecorderError(f"model output of shape {list(z.shape)}: expected [N, C] class scores")
    if not np.all(np.isfinite(z)):
        raise RecorderError("model output on the probe contains NaN or infinite values")
    if kind == "auto":
        kind = "probabilities" if z.min() >= 0 and z.max() <= 1 and np.all(np.abs(z.sum(1) - 1) <= 1e-4) else "logits"
    if kind == "probabilities":
        return np.log(np.maximum(z / z.sum(1, keepdims=True), 1e-30))
    if kind != "logits":
        raise RecorderError(f"outputs={kind!r}: expected one of {', '.join(OUTPUT_KINDS)}")
    shifted = z - z.max(1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(1, keepdims=True))


def tracked_figures(logp, labels):
    """(mean cross-entropy, fraction classified right) of the probe, from ``log_probabilities``."""
    rows = np.arange(len(labels))
    return float(-logp[rows, labels].mean()), float((logp.argmax(1) == labels).mean())
