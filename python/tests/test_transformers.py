"""``TimelapseCallback`` with ``transformers.Trainer``, and Hugging Face output objects in the
plain ``Recorder``: a tiny ViT image classifier built from a config (random weights, no download)."""
import h5py
import numpy as np
import pytest
import torch

transformers = pytest.importorskip("transformers")
from transformers import Trainer, TrainerCallback, TrainingArguments, ViTConfig, ViTForImageClassification  # noqa: E402

from cnn_timelapse import Recorder, Schedule, TimelapseCallback, snapshot_steps  # noqa: E402
from conftest import tiny_data  # noqa: E402
from contract import check_activations_file  # noqa: E402

CLASSES = ["top left", "top right", "bottom left"]


def tiny_vit():
    torch.manual_seed(0)
    config = ViTConfig(image_size=8, patch_size=4, num_channels=1, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                       intermediate_size=32, num_labels=3, hidden_dropout_prob=0.1)
    return ViTForImageClassification(config)


class Pictures(torch.utils.data.Dataset):
    def __init__(self, n, seed):
        self.x, self.y = tiny_data(n, seed=seed)

    def __len__(self):
        return len(self.y)

    def __getitem__(self, i):
        return {"pixel_values": torch.as_tensor(self.x[i]), "labels": int(self.y[i])}


class StepLosses(TrainerCallback):
    """The loss Trainer logs at every step (logging_steps=1), rounded to 4 digits by Trainer."""

    def __init__(self):
        self.losses = {}

    def on_log(self, args, state, control, logs=None, **kwargs):
        if logs and "loss" in logs:
            self.losses[state.global_step] = logs["loss"]


def test_the_trainer_callback_records_a_vit_with_its_training_and_evaluation_figures(tmp_path):
    model = tiny_vit()
    px, py = tiny_data(30, seed=7)
    probe = (torch.as_tensor(px), torch.as_tensor(py))
    losses = StepLosses()
    args = TrainingArguments(output_dir=str(tmp_path / "trainer"), per_device_train_batch_size=8, per_device_eval_batch_size=16,
                             num_train_epochs=2, learning_rate=1e-2, use_cpu=True, report_to=[], save_strategy="no",
                             eval_strategy="epoch", logging_strategy="steps", logging_steps=1, disable_tqdm=True, seed=0)
    accuracy = lambda p: {"accuracy": float((p.predictions.argmax(-1) == p.label_ids).mean())}
    rec = TimelapseCallback(["vit.layers.1", "classifier"], probe, CLASSES, str(tmp_path / "vit.h5"))
    trainer = Trainer(model=model, args=args, train_dataset=Pictures(48, 0), eval_dataset=Pictures(24, 3),
                      compute_metrics=accuracy, callbacks=[rec, losses])
    trainer.train()
    steps = snapshot_steps(6, 2)
    assert check_activations_file(tmp_path / "vit.h5") == len(steps)
    with h5py.File(tmp_path / "vit.h5") as f:
        assert f["snapshots/step"][:].tolist() == steps
        assert f["snapshots/images_seen"][:].tolist() == [8 * s for s in steps], "images counted from the batches' labels"
        block = f["layers/vit.layers.1/activation"]
        assert block.attrs["shape"].tolist() == [5, 16], "a ViT block's hidden states: 4 patches and the class token"
        assert f["layers/classifier/activation"].attrs["kind"] == "dense"
        train_loss = f["metrics/train_loss"][:]
        for k in range(1, len(steps)):
            logged = [losses.losses[s] for s in range(steps[k - 1] + 1, steps[k] + 1)]
            assert train_loss[k] == pytest.approx(np.mean(logged), abs=2e-4), f"snapshot {k}"
        assert np.all((f["metrics/train_accuracy"][1:] >= 0) & (f["metrics/train_accuracy"][1:] <= 1))
        ends = f["snapshots/epoch_end"][:].astype(bool)
        evaluations = [e for e in trainer.state.log_history if "eval_accuracy" in e]
        assert f["metrics/test_accuracy"][ends][1:].tolist() == pytest.approx([e["eval_accuracy"] for e in evaluations])
        assert f["metrics/test_loss"][ends][1:].tolist() == pytest.approx([e["eval_loss"] for e in evaluations], rel=1e-5)
        model.eval()
        with torch.no_grad():
            out = model(probe[0])
        assert np.allclose(f["predictions/probability"][-1], torch.softmax(out.logits, -1).numpy(), atol=1e-5)
        assert np.allclose(f["layers/classifier/activation"][-1], out.logits.numpy(), atol=1e-5)


def test_the_plain_recorder_reads_an_output_objects_logits(tmp_path):
    model = tiny_vit()
    x, y = tiny_data(16)
    rec = Recorder(model, ["vit.layernorm"], (torch.as_tensor(x), torch.as_tensor(y)), CLASSES, str(tmp_path / "a.h5"),
                   Schedule(2, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    correct = []
    for start in (0, 8):
        xb, yb = torch.as_tensor(x[start:start + 8]), torch.as_tensor(y[start:start + 8])
        out = model(pixel_values=xb, labels=yb)
        opt.zero_grad()
        out.loss.backward()
        opt.step()
        correct.append(int((out.logits.argmax(-1) == yb).sum()))
        rec.step(len(xb), loss=out.loss, outputs=out, targets=yb)
    rec.close()
    with h5py.File(tmp_path / "a.h5") as f:
        assert f["metrics/train_accuracy"][1:].tolist() == pytest.approx([c / 8 for c in correct])
        assert f["layers/vit.layernorm/activation"].attrs["shape"].tolist() == [5, 16]
