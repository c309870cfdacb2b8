import json
import os
import socket
import subprocess
import sys

import h5py
import numpy as np

from cnn_timelapse import snapshot_steps
from contract import check_activations_file

HERE = os.path.dirname(os.path.abspath(__file__))

WORKER = """
import json, os, sys
sys.path[:0] = [{here!r}, {package!r}]
import torch, torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel
from cnn_timelapse import Recorder, Schedule
from conftest import tiny_data
from models import SmallCNN

rank = int(os.environ["RANK"])
dist.init_process_group("gloo", rank=rank, world_size=2)
torch.manual_seed(0)
model = DistributedDataParallel(SmallCNN())  # broadcasts batch-norm buffers in every forward: a collective
x, y = tiny_data(48)
probe = (torch.as_tensor(x[:24]), torch.as_tensor(y[:24]))
rec = Recorder(model, ["conv", "fc1"], probe, ["a", "b", "c"], {path!r}, Schedule(3, epochs=2), train_size=48)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
mine = slice(rank, None, 2)  # each rank its half, 3 batches of 8 per epoch
for epoch in range(2):
    for start in range(0, 24, 8):
        xb, yb = torch.as_tensor(x[mine][start:start + 8]), torch.as_tensor(y[mine][start:start + 8])
        logits = model(xb)
        loss = torch.nn.functional.cross_entropy(logits, yb)
        opt.zero_grad(); loss.backward(); opt.step()
        rec.step(len(xb), loss=loss)
rec.close()
model.eval()
with torch.no_grad():
    p = torch.softmax(model.module(probe[0]), 1)
print(json.dumps({{"rank": rank, "path": rec.path, "probabilities": p.tolist()}}))
sys.stdout.flush()
# Tear down only when both ranks are done, and skip the interpreter's own teardown: gloo's
# threads, destroyed while a peer's last collective is in flight, abort the process now and
# then ("terminate called without an active exception"; pytorch/pytorch#179291).
dist.barrier()
dist.destroy_process_group()
os._exit(0)
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_gloo_processes_write_one_file_from_rank_zero(tmp_path):
    path = tmp_path / "ddp.h5"
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(here=HERE, package=os.path.dirname(HERE), path=str(path)))
    env = dict(os.environ, MASTER_ADDR="127.0.0.1", MASTER_PORT=str(free_port()), OMP_NUM_THREADS="1")
    workers = [subprocess.Popen([sys.executable, str(script)], env=dict(env, RANK=str(r)), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for r in range(2)]
    results = []
    for w in workers:
        out, err = w.communicate(timeout=180)  # a rank stuck in a collective would time out here
        assert w.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["path"] for r in results] == [str(path), None]
    assert sorted(os.listdir(tmp_path)) == ["ddp.h5", "worker.py"], "one file, no partial left by rank 1"
    steps = snapshot_steps(3, 2)
    assert check_activations_file(path) == len(steps)
    with h5py.File(path) as f:
        assert f["snapshots/step"][:].tolist() == steps
        assert f["snapshots/images_seen"][:].tolist() == [16 * s for s in steps], "both ranks' images are counted"
        assert np.allclose(f["snapshots/epoch"][:], [s / 3 for s in steps])
        assert np.allclose(f["predictions/probability"][-1], results[0]["probabilities"], atol=1e-6)
        # Same weights on both ranks; batch-norm running statistics differ by the last batch's
        # update (DDP broadcasts rank 0's buffers at the start of each forward), hence 1e-3.
        assert np.allclose(results[0]["probabilities"], results[1]["probabilities"], atol=1e-3), "DDP kept the ranks in step"
