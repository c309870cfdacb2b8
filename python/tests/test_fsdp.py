"""FSDP: a forward pass is a collective, so every rank runs the probe at every snapshot and
rank 0 writes. Two gloo processes on the CPU, the model sharded with FSDP2's ``fully_shard``
or wrapped in FSDP1's ``FullyShardedDataParallel`` (whose name parts the layer names leave out)."""
import json
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

from cnn_timelapse import snapshot_steps
from contract import check_activations_file
from test_ddp import free_port

HERE = os.path.dirname(os.path.abspath(__file__))

WORKER = """
import json, os, sys
sys.path[:0] = [{here!r}, {package!r}]
import torch, torch.distributed as dist
from torch import nn
from torch.distributed.device_mesh import init_device_mesh
from torch.distributed.fsdp import fully_shard
from cnn_timelapse import Recorder, Schedule
from conftest import tiny_data

rank = int(os.environ["RANK"])
dist.init_process_group("gloo", rank=rank, world_size=2)
mesh = init_device_mesh("cpu", (2,))
torch.manual_seed(0)
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 16), nn.ReLU(), nn.Linear(16, 3))
if {fsdp!r} == "fully_shard":
    for layer in (model[1], model[3], model[5]):
        fully_shard(layer, mesh=mesh)
    fully_shard(model, mesh=mesh)  # each rank now holds half of every weight
else:
    from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
    cpu = torch.device("cpu")
    model[1], model[3] = FSDP(model[1], device_id=cpu, use_orig_params=True), FSDP(model[3], device_id=cpu, use_orig_params=True)
    model = FSDP(model, device_id=cpu, use_orig_params=True)  # names: _fsdp_wrapped_module.3._fsdp_wrapped_module
x, y = tiny_data(48)
probe = (torch.as_tensor(x[:24]), torch.as_tensor(y[:24]))
rec = Recorder(model, ["3", "5"], probe, ["a", "b", "c"], {path!r}, Schedule(3, epochs=2), train_size=48, batch_size=10)
opt = torch.optim.SGD(model.parameters(), lr=0.1)
mine = slice(rank, None, 2)
for epoch in range(2):
    for start in range(0, 24, 8):
        xb, yb = torch.as_tensor(x[mine][start:start + 8]), torch.as_tensor(y[mine][start:start + 8])
        loss = nn.functional.cross_entropy(model(xb), yb)
        opt.zero_grad(); loss.backward(); opt.step()
        rec.step(len(xb), loss=loss)
rec.close()
with torch.no_grad():
    p = torch.softmax(model(probe[0]), 1)  # a collective too: both ranks
print(json.dumps({{"rank": rank, "path": rec.path, "every_rank": rec.every_rank, "probabilities": p.tolist()}}))
sys.stdout.flush()
# Tear down only when both ranks are done, and skip the interpreter's own teardown: gloo's
# threads, destroyed while a peer's last collective is in flight, abort the process now and
# then ("terminate called without an active exception"; pytorch/pytorch#179291).
dist.barrier()
dist.destroy_process_group()
os._exit(0)
"""


@pytest.mark.parametrize("fsdp", ["fully_shard", "FullyShardedDataParallel"])
def test_every_rank_probes_under_fsdp_and_rank_zero_writes(tmp_path, fsdp):
    path = tmp_path / "fsdp.h5"
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(here=HERE, package=os.path.dirname(HERE), path=str(path), fsdp=fsdp))
    env = dict(os.environ, MASTER_ADDR="127.0.0.1", MASTER_PORT=str(free_port()), OMP_NUM_THREADS="1")
    workers = [subprocess.Popen([sys.executable, str(script)], env=dict(env, RANK=str(r)), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for r in range(2)]
    results = []
    try:
        for w in workers:
            out, err = w.communicate(timeout=300)  # a rank-0-only probe would leave both ranks waiting here
            if w.returncode != 0 and "not supported" in err:
                pytest.skip(f"this torch cannot run {fsdp} on the CPU: {err.strip().splitlines()[-1]}")
            assert w.returncode == 0, err
            results.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for w in workers:
            w.kill()
    assert [r["path"] for r in results] == [str(path), None]
    assert [r["every_rank"] for r in results] == [True, True], "FSDP is recognised without being told"
    assert sorted(os.listdir(tmp_path)) == ["fsdp.h5", "worker.py"]
    steps = snapshot_steps(3, 2)
    assert check_activations_file(path) == len(steps)
    with h5py.File(path) as f:
        assert f["snapshots/step"][:].tolist() == steps
        assert f["snapshots/images_seen"][:].tolist() == [16 * s for s in steps]
        assert f["layers/3/activation"].shape[1:] == (24, 16) and f["layers/5/activation"].attrs["kind"] == "dense"
        last = f["predictions/probability"][-1]
        assert np.allclose(last, results[0]["probabilities"], atol=1e-6), "the probe saw the whole (gathered) model"
        assert np.allclose(results[0]["probabilities"], results[1]["probabilities"], atol=1e-6)
        assert not np.allclose(f["predictions/probability"][0], last, atol=1e-3), "the snapshots follow the training"
