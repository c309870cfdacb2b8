"""Pictures of any shape and channel order reach the page's pointing panel as the file has them:
the run's activations file with its pictures replaced by wide colour ones stored channels-first
([N, 3, H, W], PyTorch's order), small (kept as they are) and large (area-averaged for the page)."""
import shutil

import h5py
import numpy as np
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, open_page, pixel_positions, run, view_box

RED, BLUE = (220, 30, 40), (20, 60, 210)


@pytest.mark.parametrize("height,width", [(20, 40), (300, 600)])
def test_wide_channels_first_pictures_show_whole_in_the_pointing_panel(browser, run_dir, recorded, tmp_path, height, width):
    activations = tmp_path / "activations.h5"
    shutil.copy(run_dir / "activations.h5", activations)
    n = len(recorded["labels"])
    picture = np.zeros((3, height, width), np.uint8)
    picture[:, :, : width // 2] = np.array(RED)[:, None, None]
    picture[:, :, width // 2:] = np.array(BLUE)[:, None, None]
    with h5py.File(activations, "r+") as f:
        del f["samples/image"]
        f.create_dataset("samples/image", data=np.repeat(picture[None], n, axis=0))
    page = tmp_path / "timelapse.html"
    run(BIN / "viz-render", "--style", run_dir / "style.json", "--activations", activations,
        "--embedding", run_dir / "embedding.h5", "--html", page, "--quiet")
    s = recorded["snapshots"]
    open_page(browser, page, f"#snapshot={s - 1}")
    canvas = browser.find_element(By.ID, "map")
    w, h = canvas.size["width"], canvas.size["height"]
    points = pixel_positions(recorded["embedding"][s - 1], view_box(recorded["embedding"]), w, h)
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    inside = (points[:, 0] > 20) & (points[:, 0] < w - 20) & (points[:, 1] > 20) & (points[:, 1] < h - 20)
    x, y = points[int(np.argmax(np.where(inside, d.min(axis=1), -1)))]
    ActionChains(browser).move_to_element_with_offset(canvas, int(round(x - w / 2)), int(round(y - h / 2))).perform()
    WebDriverWait(browser, 5).until(lambda b: b.find_element(By.ID, "tip").is_displayed())
    # The 112-pixel panel shows the 2:1 picture 112 × 56, centred: red left, blue right, the
    # rows above and below left clear.
    rgba = browser.execute_script(
        "const c = document.getElementById('tip-image'); return Array.from(c.getContext('2d').getImageData(0, 0, 112, 112).data);")
    pixels = np.array(rgba, np.int32).reshape(112, 112, 4)
    assert np.abs(pixels[56, 20, :3] - RED).max() <= 3, pixels[56, 20]
    assert np.abs(pixels[56, 92, :3] - BLUE).max() <= 3, pixels[56, 92]
    assert pixels[60, 5, 3] == 255 and pixels[60, 106, 3] == 255, "the picture spans the panel's width"
    assert pixels[10, 56, 3] == 0 and pixels[101, 56, 3] == 0, "nothing above or below the picture"
