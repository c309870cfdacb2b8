"""``make`` and ``cnn-timelapse make``: from a recording to the video, the subtitles, the poster
and the page, with the project's own programs (skipped when they are not built)."""
import json
import os
import subprocess
import sys

import h5py
import pytest
import torch

from cnn_timelapse import MakeError, Recorder, Schedule, make, show
from cnn_timelapse.make import find_data, pipeline
from conftest import ROOT, project_binary, tiny_data
from models import SmallCNN, train

CLASSES = ["top left", "top right", "bottom left"]
SMALL = {"width": 320, "height": 240, "fps": 10, "inbetween": 2, "hold_start": 0.2, "hold_snapshot": 0.1, "hold_end": 0.3}


def record(folder, finish=True):
    torch.manual_seed(0)
    model = SmallCNN()
    x, y = tiny_data(48)
    px, py = tiny_data(40, seed=1)
    rec = Recorder(model, ["conv", "fc1"], (torch.as_tensor(px), torch.as_tensor(py)), CLASSES, str(folder / "activations.h5"),
                   Schedule(6, 2), train_size=48)
    train(model, rec, x, y, epochs=2, batch_size=8)
    rec.close() if finish else rec.abandon()
    return folder / "activations.h5"


@pytest.fixture
def programs(monkeypatch):
    folder = os.path.dirname(project_binary("timelapse"))
    monkeypatch.setenv("CNN_TIMELAPSE_BIN", folder)
    return folder


def test_make_writes_the_video_subtitles_poster_and_page_beside_the_file_and_skips_them_after(tmp_path, programs, capfd):
    path = record(tmp_path)
    made = make(str(path), style="dark", overrides=SMALL)
    for name in ("embedding.h5", "timelapse.mp4", "timelapse.vtt", "poster.png", "timelapse.html", "manifest.json"):
        assert os.path.getsize(tmp_path / name) > 0, name
    assert (made.folder, made.video, made.page) == (str(tmp_path), str(tmp_path / "timelapse.mp4"), str(tmp_path / "timelapse.html"))
    assert open(made.subtitles).read().startswith("WEBVTT")
    with h5py.File(made.embedding) as f, h5py.File(path) as a:
        assert f["embedding"].shape == (len(a["snapshots/step"]), 40, 2)
    with open(made.video, "rb") as f:
        assert f.read(12)[4:8] == b"ftyp", "an MP4 file"
    manifest = json.load(open(tmp_path / "manifest.json"))
    render = json.load(open(tmp_path / "configs" / "render.json"))
    assert render["theme"] == "dark" and render["width"] == 320, "the style and the overrides reached viz-render"
    assert "embed" in json.dumps(manifest) and "render" in json.dumps(manifest)
    err = capfd.readouterr().err
    assert "embed: ran" in err and "render: ran" in err, "progress is shown"
    before = os.stat(made.video).st_mtime_ns
    make(str(path), style="dark", overrides=SMALL)
    assert os.stat(made.video).st_mtime_ns == before
    err = capfd.readouterr().err
    assert "0 ran, 2 skipped" in err, err
    page = show(made.folder, video=True).html
    assert "Content-Security-Policy" in page and page.count("<iframe") == 1 and "<video" in page


def test_make_takes_a_recording_that_stopped_early_from_its_partial_file(tmp_path, programs, capfd):
    path = record(tmp_path, finish=False)
    assert not path.exists()
    made = make(str(path), overrides=SMALL)
    assert os.path.getsize(made.video) > 0 and os.path.getsize(made.page) > 0
    assert f"{path} is not finished; making the video from {tmp_path / '.activations.h5.partial'}" in capfd.readouterr().err


def test_the_command_line_makes_the_video_and_says_where(tmp_path, programs):
    path = record(tmp_path)
    sets = [a for k, v in SMALL.items() for a in ("--set", f"{k}={v}")]
    done = subprocess.run([sys.executable, "-m", "cnn_timelapse.cli", "make", str(path), "--style", "light", *sets],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == f"cnn-timelapse: the video is {tmp_path / 'timelapse.mp4'}, the page {tmp_path / 'timelapse.html'}"
    assert os.path.getsize(tmp_path / "timelapse.mp4") > 0


def test_a_stage_error_is_the_programs_own_line_once(tmp_path, programs):
    path = record(tmp_path)
    done = subprocess.run([sys.executable, "-m", "cnn_timelapse.cli", "make", str(path), "--set", "widht=320"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    errors = [l for l in done.stderr.splitlines() if "error" in l]
    assert len(errors) == 1 and "widht" in errors[0], done.stderr


def test_missing_programs_ffmpeg_files_and_styles_are_one_line_each(tmp_path, monkeypatch):
    built = os.path.dirname(project_binary("timelapse"))
    path = record(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("CNN_TIMELAPSE_BIN", str(empty))
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(MakeError, match=r"^cannot find the programs timelapse, umap-embed and viz-render .*set CNN_TIMELAPSE_BIN"):
        make(str(path))
    with pytest.raises(MakeError, match=r"no/such.h5 does not exist; expected an activations file"):
        make("no/such.h5")
    monkeypatch.setenv("CNN_TIMELAPSE_BIN", built)
    with pytest.raises(MakeError, match=r"^ffmpeg is not installed \(it joins the frames into the video\); install it"):
        make(str(path))
    with pytest.raises(MakeError, match=r"style 'sepia' is neither a file nor one of .*dark, light"):
        make(str(path), style="sepia")
    done = subprocess.run([sys.executable, "-m", "cnn_timelapse.cli", "make", str(path)], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    assert done.returncode == 1 and done.stderr.strip().splitlines() == [
        "cnn-timelapse: error: ffmpeg is not installed (it joins the frames into the video); install it with your system's "
        "package manager: apt install ffmpeg, dnf install ffmpeg, brew install ffmpeg or conda install ffmpeg"]


def test_the_pipeline_starts_from_the_file_with_the_style_language_and_layer():
    data = ROOT
    spec = pipeline("/runs/mine/activations.h5", data, style="dark", layer="fc1", language="de",
                    overrides={"templates.kind": "kind of bird"})
    assert spec["output"] == "." and spec["activations"] == "./activations.h5"
    assert spec["$schema"] == os.path.join(ROOT, "schemas", "pipeline.schema.json")
    assert spec["embed"] == {"config": os.path.join(ROOT, "configs", "embed", "aligned.json"), "layer": "fc1"}
    assert spec["render"] == {"config": os.path.join(ROOT, "configs", "render", "dark.json"),
                              "set": {"templates.kind": "kind of bird", "language": "de"}}
    assert find_data(os.path.join(ROOT, ".build", "release")) == ROOT
