"""Fixtures for the browser tests: a small real run (cnn-train on generated sketches, umap-embed,
viz-render --html) made once per session with the built programs, and a headless Chromium
driven by selenium that records console messages and network requests.

Environment: CNN_TIMELAPSE_BIN (the programs, default .build/debug), BROWSER_ARTIFACTS (where the
screenshots are kept, default .build/browser-artifacts), BROWSER_RUN (a folder that keeps the
trained and embedded run between sessions; the page is always written anew)."""
import json
import os
import pathlib
import subprocess

import h5py
import numpy as np
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(os.environ.get("CNN_TIMELAPSE_BIN", ROOT / ".build" / "debug"))
ARTIFACTS = pathlib.Path(os.environ.get("BROWSER_ARTIFACTS", ROOT / ".build" / "browser-artifacts"))


def run(*args):
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}"
    return done


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def run_dir(tmp_path_factory):
    """activations.h5, embedding.h5 and timelapse.html of 2 epochs on 10 generated shapes."""
    kept = os.environ.get("BROWSER_RUN")
    out = pathlib.Path(kept) if kept else tmp_path_factory.mktemp("run")
    out.mkdir(parents=True, exist_ok=True)
    if not (out / "embedding.h5").exists():
        config = json.loads((ROOT / "configs/train/sketches.json").read_text())
        config.update(epochs=2, tracked_samples=500)
        config["dataset"].update(train_per_class=150, test_per_class=50)
        (out / "train.json").write_text(json.dumps(config))
        run(BIN / "cnn-train", "--config", out / "train.json", "--out", out / "activations.h5", "--quiet")
        run(BIN / "umap-embed", "--config", ROOT / "configs/embed/aligned.json", "--activations", out / "activations.h5",
            "--layer", "fc1", "--out", out / "embedding.h5", "--quiet")
    style = json.loads((ROOT / "configs/render/light.json").read_text())
    (out / "style.json").write_text(json.dumps(style))
    run(BIN / "viz-render", "--style", out / "style.json", "--activations", out / "activations.h5",
        "--embedding", out / "embedding.h5", "--html", out / "timelapse.html", "--quiet")
    return out


@pytest.fixture(scope="session")
def recorded(run_dir):
    """What the files say, read with h5py (not through the programs)."""
    with h5py.File(run_dir / "activations.h5") as f:
        probabilities = f["predictions/probability"][()]
        steps = f["snapshots/step"].shape[0] if "snapshots/step" in f else f["epochs/index"].shape[0]
        metrics = {name: f[f"metrics/{name}"][()] for name in f["metrics"]}
        return dict(classes=[c.decode() if isinstance(c, bytes) else c for c in f["classes"][()]],
                    labels=f["samples/label"][()], guesses=probabilities[:steps].argmax(axis=2),
                    metrics=metrics, snapshots=steps,
                    embedding=h5py.File(run_dir / "embedding.h5")["embedding"][()][:steps])


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900",
                 "--force-device-scale-factor=1", "--hide-scrollbars"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    driver.set_window_size(1400, 900)
    yield driver
    driver.quit()


def open_page(driver, path, fragment=""):
    driver.get(pathlib.Path(path).as_uri() + fragment)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def record_map_texts(driver):
    """From the next page on, every text drawn on the map's canvas is kept in `window.mapTexts`
    as [text, direction, font]."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        window.mapTexts = [];
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
          if (this.canvas.id === "map") window.mapTexts.push([String(text), this.direction, this.font]);
          return fillText.call(this, text, ...rest);
        };"""})


def requests(driver):
    """URLs of every request Chromium started (DevTools Network.requestWillBeSent)."""
    out = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            out.append(message["params"]["request"]["url"])
    return out


def view_box(coordinates, lower=0.01, upper=0.99, margin=0.06):
    """Render's ViewBox: the 1st–99th percentile over all snapshots plus 6% of the range, per axis."""
    box = []
    for axis in (0, 1):
        v = np.sort(coordinates[..., axis].ravel()[np.isfinite(coordinates[..., axis].ravel())])
        lo, hi = float(v[int(round((len(v) - 1) * lower))]), float(v[int(round((len(v) - 1) * upper))])
        span = max(hi - lo, 1e-6)
        box += [lo - margin * span, hi + margin * span]
    return box


def pixel_positions(coordinates, box, width, height, edge=6.5):
    """Where the page draws each point of one snapshot, in CSS pixels inside the map canvas;
    outliers sit `edge` pixels inside it (the dot radius, Style.dotRadius: 2.5 for point_size 5, plus 4)."""
    x0, x1, y0, y1 = box
    scale = min(width / (x1 - x0), height / (y1 - y0))
    dx, dy = width / 2 - (x0 + x1) / 2 * scale, height / 2 + (y0 + y1) / 2 * scale
    px = np.clip(dx + coordinates[:, 0] * scale, edge, width - edge)
    py = np.clip(dy - coordinates[:, 1] * scale, edge, height - edge)
    return np.stack([px, py], axis=1)
