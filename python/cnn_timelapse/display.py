"""Thumbnails: the probe images converted once to 8-bit for the gallery and the viewer."""
import numpy as np

from .errors import RecorderError


def thumbnails(images, channels="first", mean=None, std=None, to_display=None):
    """The probe images as uint8 ``[N, H, W]`` (grey) or ``[N, H, W, 3]`` (RGB), or ``None``
    when they are not pictures (``[N, D]`` inputs without ``to_display``).

    Args:
        images: a numpy array (or anything ``np.asarray`` takes) ``[N, H, W]``,
            ``[N, 1|3, H, W]`` (``channels="first"``, PyTorch) or ``[N, H, W, 1|3]``
            (``channels="last"``, Keras).
        mean, std: per-channel (or scalar) normalisation that was applied to the images,
            ``x = (pixel - mean) / std`` with pixels in 0…1; undone before conversion.
        to_display: a function from ``images`` to pictures in one of the layouts above, with
            values in 0…1 (floats) or 0…255 (uint8); used instead of ``mean``/``std``.

    Floats in 0…1 map to 0…255; other float ranges are rescaled from the whole probe's
    minimum…maximum (one scale for all pictures, so their brightness stays comparable).
    """
    x = np.asarray(to_display(images) if to_display is not None else images)
    if x.ndim == 2 and to_display is None:
        return None
    if x.ndim == 4:
        axis = 1 if channels == "first" else 3
        if x.shape[axis] not in (1, 3):
            raise RecorderError(f"probe images of shape {list(x.shape)}: expected 1 or 3 channels on axis {axis} "
                                f"(channels={channels!r}); pass to_display to convert them")
        if axis == 1:
            x = np.moveaxis(x, 1, 3)
    elif x.ndim != 3:
        raise RecorderError(f"probe images of shape {list(x.shape)}: expected [N, H, W], [N, C, H, W] or [N, H, W, C] pictures")
    if mean is not None or std is not None:
        if x.ndim == 3:
            x = x[..., None]
        m = np.asarray(0.0 if mean is None else mean, dtype=np.float64).reshape(-1)
        s = np.asarray(1.0 if std is None else std, dtype=np.float64).reshape(-1)
        if len(m) not in (1, x.shape[3]) or len(s) not in (1, x.shape[3]):
            raise RecorderError(f"mean {m.tolist()} / std {s.tolist()}: expected one value or one per channel ({x.shape[3]})")
        x = x.astype(np.float64) * s + m
    if x.ndim == 4 and x.shape[3] == 1:
        x = x[..., 0]
    if x.dtype == np.uint8:
        return np.ascontiguousarray(x)
    x = x.astype(np.float64)
    if not np.all(np.isfinite(x)):
        raise RecorderError("probe images contain NaN or infinite values")
    lo, hi = float(x.min()), float(x.max())
    if lo < 0 or hi > 1 + 1e-6:
        x = (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
    return np.ascontiguousarray(np.clip(np.rint(x * 255), 0, 255).astype(np.uint8))
