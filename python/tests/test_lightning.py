import os

import h5py
import lightning as L
import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader, TensorDataset

from cnn_timelapse import LightningRecorder, snapshot_steps
from conftest import tiny_data
from contract import check_activations_file
from models import SmallCNN


class Module(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.net = SmallCNN()

    def forward(self, x):
        return self.net(x)

    def training_step(self, batch, _):
        x, y = batch
        logits = self(x)
        return {"loss": torch.nn.functional.cross_entropy(logits, y), "logits": logits.detach()}

    def validation_step(self, batch, _):
        x, y = batch
        logits = self(x)
        self.log("val_loss", torch.nn.functional.cross_entropy(logits, y))
        self.log("val_accuracy", (logits.argmax(1) == y).float().mean())

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.05)


def loader(n, batch_size):
    x, y = tiny_data(n)
    return DataLoader(TensorDataset(torch.as_tensor(x), torch.as_tensor(y)), batch_size=batch_size)


@pytest.mark.parametrize("accumulate, steps_per_epoch", [(1, 6), (2, 3)])
def test_fit_records_on_global_steps_from_rank_zero(tmp_path, accumulate, steps_per_epoch):
    torch.manual_seed(0)
    x, y = tiny_data(24)
    path = tmp_path / "lightning.h5"
    cb = LightningRecorder(["net.conv", "net.fc1"], (torch.as_tensor(x), torch.as_tensor(y)), ["a", "b", "c"], str(path),
                           train_size=48)
    trainer = L.Trainer(max_epochs=2, accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                        enable_progress_bar=False, enable_model_summary=False, accumulate_grad_batches=accumulate,
                        num_sanity_val_steps=0, callbacks=[cb])
    module = Module()
    trainer.fit(module, loader(48, 8), loader(24, 12))
    assert os.listdir(tmp_path) == ["lightning.h5"]
    steps = snapshot_steps(steps_per_epoch, 2)
    assert check_activations_file(path) == len(steps)
    with h5py.File(path) as f:
        assert f["snapshots/step"][:].tolist() == steps
        assert f["snapshots/images_seen"][-1] == 96 and f["snapshots/epoch"][-1] == 2.0
        ends = f["snapshots/epoch_end"][:].astype(bool)
        test = f["metrics/test_accuracy"][:]
        assert np.all(np.isfinite(test[ends][1:])) and np.isnan(test[0]) and np.all(np.isnan(test[~ends]))
        assert test[ends][-1] == pytest.approx(float(trainer.callback_metrics["val_accuracy"]))
        assert np.all(np.isfinite(f["metrics/train_loss"][1:])) and np.all(np.isfinite(f["metrics/train_accuracy"][1:]))
        module.eval()
        with torch.no_grad():
            p = torch.softmax(module(torch.as_tensor(x)), 1).numpy()
        assert np.allclose(f["predictions/probability"][-1], p, atol=1e-6)
