"""A recorder never takes the training down: a disk that fills up, a write that fails, a
writer that crashes. Each test trains a real (small) network for every step, with the disk
filled at a chosen point, and then reads the partial file back."""
import os
import signal
import subprocess
import warnings

import h5py
import numpy as np
import pytest
import torch

import cnn_timelapse.writer_process as writer_process
from cnn_timelapse import Recorder, Schedule, snapshot_steps
from cnn_timelapse.writer_process import RecordingStopped
from conftest import tiny_data
from contract import check_activations_file
from models import SmallCNN

CLASSES = ["top left", "top right", "bottom left"]
PROBE = 400  # conv is 4 × 8 × 8 values per image: 410 kB a snapshot, fc1 26 kB more
BATCHES, EPOCHS = 6, 2
STEPS = snapshot_steps(BATCHES, EPOCHS)


@pytest.fixture
def small_disk(tmp_path):
    """A 6 MB tmpfs at tmp_path/disk (skipped where mounting is not permitted)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(disk)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {done.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def fill(disk, leave):
    """Fills ``disk`` until ``leave`` bytes are free."""
    s = os.statvfs(disk)
    free = s.f_bavail * s.f_frsize
    with open(disk / f"filler-{free}", "wb") as f:
        f.write(b"\xff" * max(0, free - leave))


def train(disk, fill_after=None, leave=0, at_step=None, action=None):
    """Trains SmallCNN for every step of BATCHES × EPOCHS while recording to disk/a.h5. After
    snapshot number ``fill_after`` is on disk the disk is filled to ``leave`` free bytes; at
    step ``at_step`` ``action(recorder)`` runs. Returns (steps taken, the recorder, warnings)."""
    torch.manual_seed(0)
    model = SmallCNN()
    x, y = tiny_data(48)
    px, py = tiny_data(PROBE, seed=1)
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    taken = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if fill_after == -1:
            fill(disk, leave)
        rec = Recorder(model, ["conv", "fc1"], (torch.as_tensor(px), torch.as_tensor(py)), CLASSES, str(disk / "a.h5"),
                       Schedule(BATCHES, EPOCHS), train_size=48)
        for _ in range(EPOCHS):
            for start in range(0, 48, 8):
                xb, yb = torch.as_tensor(x[start:start + 8]), torch.as_tensor(y[start:start + 8])
                loss = torch.nn.functional.cross_entropy(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                taken += 1
                recorded = rec.step(len(xb), loss=loss)
                if recorded and fill_after is not None and rec.writer.count == fill_after + 1:
                    rec.writer.wait()
                    fill(disk, leave)
                if taken == at_step:
                    action(rec)
        rec.close()
    return taken, rec, [w for w in caught if issubclass(w.category, RecordingStopped)]


def check_partial(disk, snapshots):
    partial = disk / ".a.h5.partial"
    assert not os.path.exists(disk / "a.h5")
    assert check_activations_file(partial) == snapshots
    with h5py.File(partial) as f:
        assert f["snapshots/step"][:].tolist() == STEPS[:snapshots]
        p = f["predictions/probability"][:snapshots]
        assert np.allclose(p.sum(2), 1, atol=1e-3)
        assert f["layers/conv/activation"][snapshots - 1].shape == (PROBE, 256)


def test_a_disk_filling_up_ends_recording_with_one_warning_and_training_goes_on(small_disk):
    taken, rec, stopped = train(small_disk, fill_after=4, leave=200_000)
    assert taken == BATCHES * EPOCHS, "every step was taken"
    assert len(stopped) == 1, [str(w.message) for w in stopped]
    message = str(stopped[0].message)
    assert "\n" not in message
    assert str(small_disk / ".a.h5.partial") in message
    assert "No space left on device" in message
    assert f"holds 5 complete snapshots (steps 0–{STEPS[4]})" in message
    assert rec.writer.stopped
    check_partial(small_disk, 5)


def test_a_write_that_meets_a_full_disk_leaves_the_file_readable_to_its_last_snapshot(small_disk, monkeypatch):
    """With the room check off the writer meets ENOSPC inside libhdf5 (which may crash it)."""
    monkeypatch.setattr(writer_process, "RESERVE", None)
    taken, rec, stopped = train(small_disk, fill_after=3, leave=100_000)
    assert taken == BATCHES * EPOCHS
    assert len(stopped) == 1, [str(w.message) for w in stopped]
    message = str(stopped[0].message)
    assert str(small_disk / ".a.h5.partial") in message
    assert "No space left on device" in message or "killed by SIGSEGV" in message, message
    assert f"holds 4 complete snapshots (steps 0–{STEPS[3]})" in message, message
    check_partial(small_disk, 4)


def test_a_writer_that_crashes_ends_recording_and_training_goes_on(small_disk):
    """libhdf5 crashing: the writer process dies of SIGSEGV after step 4's snapshot."""
    def crash(rec):
        rec.writer.wait()
        os.kill(rec.writer.process.pid, signal.SIGSEGV)
    taken, rec, stopped = train(small_disk, at_step=STEPS[4], action=crash)
    assert taken == BATCHES * EPOCHS
    assert len(stopped) == 1
    message = str(stopped[0].message)
    assert "the writer process was killed by SIGSEGV" in message
    assert f"holds 5 complete snapshots (steps 0–{STEPS[4]})" in message
    check_partial(small_disk, 5)


def test_a_disk_full_from_the_start_records_nothing_and_training_goes_on(small_disk):
    taken, rec, stopped = train(small_disk, fill_after=-1, leave=4096)
    assert taken == BATCHES * EPOCHS
    assert len(stopped) == 1
    message = str(stopped[0].message)
    assert f"cannot write {small_disk / '.a.h5.partial'} (No space left on device: " in message
    assert message.endswith(". nothing was recorded"), message
    assert os.listdir(small_disk) != [] and not os.path.exists(small_disk / ".a.h5.partial")


def test_close_says_what_to_run_next(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.makedirs("runs")
    x, y = tiny_data(12)
    rec = Recorder(SmallCNN(), ["fc1"], (torch.as_tensor(x), torch.as_tensor(y)), CLASSES, "runs/a b.h5", 4)
    rec.step(4)
    rec.close()
    out = capsys.readouterr().out.strip().splitlines()
    assert out == ["cnn_timelapse: wrote 'runs/a b.h5' (2 snapshots); make the video with: cnn-timelapse make 'runs/a b.h5'"]


def test_a_network_that_diverges_ends_recording_and_training_goes_on(tmp_path):
    """After step 5 the output layer's weights become NaN: the snapshot at step 6 cannot be
    stored (its probabilities are NaN), so recording ends there with one warning."""
    def diverge(rec):
        rec.writer.wait()
        with torch.no_grad():
            rec.probe.module.out.weight.fill_(float("nan"))
    taken, rec, stopped = train(tmp_path, at_step=5, action=diverge)
    assert taken == BATCHES * EPOCHS
    assert len(stopped) == 1
    message = str(stopped[0].message)
    assert "recording stopped, training goes on: step 6: model output on the probe contains NaN or infinite values" in message
    assert "holds 6 complete snapshots (steps 0–5)" in message, message
    check_partial(tmp_path, 6)
