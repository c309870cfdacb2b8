import numpy as np
import pytest

from cnn_timelapse import RecorderError
from cnn_timelapse.display import thumbnails

rng = np.random.default_rng(0)
PIXELS = rng.integers(0, 256, (5, 6, 7, 3), dtype=np.uint8)


def test_grey_channel_first_floats_in_0_1():
    x = PIXELS[..., :1].astype(np.float32) / 255  # [N, H, W, 1]
    t = thumbnails(np.moveaxis(x, 3, 1), channels="first")
    assert t.dtype == np.uint8 and t.shape == (5, 6, 7) and np.array_equal(t, PIXELS[..., 0])


def test_normalised_rgb_round_trips_through_mean_and_std():
    mean, std = np.array([0.485, 0.456, 0.406]), np.array([0.229, 0.224, 0.225])
    normalised = ((PIXELS / 255 - mean) / std).astype(np.float32)
    t = thumbnails(np.moveaxis(normalised, 3, 1), channels="first", mean=mean, std=std)
    assert t.shape == (5, 6, 7, 3) and np.array_equal(t, PIXELS)
    assert np.array_equal(thumbnails(normalised, channels="last", mean=mean, std=std), PIXELS)


def test_to_display_and_uint8_pass_through():
    assert np.array_equal(thumbnails(PIXELS, channels="last"), PIXELS)
    t = thumbnails(np.zeros((5, 3)), to_display=lambda _: PIXELS[..., 0])
    assert np.array_equal(t, PIXELS[..., 0])


def test_other_float_ranges_use_one_scale_for_the_whole_probe():
    x = np.stack([np.full((4, 4), -1.0), np.full((4, 4), 3.0), np.full((4, 4), 1.0)])
    assert thumbnails(x).reshape(3, -1)[:, 0].tolist() == [0, 255, 128]


def test_flat_inputs_have_no_thumbnails_and_bad_layouts_are_named():
    assert thumbnails(np.zeros((5, 64), np.float32)) is None
    with pytest.raises(RecorderError, match=r"probe images of shape \[5, 2, 8, 8\]: expected 1 or 3 channels on axis 1"):
        thumbnails(np.zeros((5, 2, 8, 8)))
    with pytest.raises(RecorderError, match=r"expected one value or one per channel \(3\)"):
        thumbnails(np.zeros((5, 3, 8, 8)), mean=[0.5, 0.5])
