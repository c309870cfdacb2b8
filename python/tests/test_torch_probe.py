"""The probe's passes: channels-last on the CPU when it gives the model's own values, the
default layout when the model's code cannot take it, and buffers reused between snapshots."""
import numpy as np
import pytest
import torch
from torch import nn

from cnn_timelapse import RecorderError
from cnn_timelapse.torch_probe import TorchProbe


class Residual(nn.Module):
    """stem (1 input channel) → 3×3 conv + 1×1 shortcut (one-channel-ambiguous weights) → flatten → fc."""

    def __init__(self, flatten_with_view=False):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.conv = nn.Conv2d(8, 16, 3, stride=2, padding=1)
        self.shortcut = nn.Conv2d(8, 16, 1, stride=2)
        self.fc = nn.Linear(16 * 6 * 6, 5)
        self.flatten_with_view = flatten_with_view

    def forward(self, x):
        x = self.stem(x)
        x = torch.relu(self.conv(x) + self.shortcut(x))
        x = x.view(len(x), -1) if self.flatten_with_view else x.flatten(1)  # view cannot take channels-last
        return self.fc(x)


def trained(model, seed=0):
    """``model`` after a few SGD steps on random pictures (batch-norm statistics moved off 0/1)."""
    torch.manual_seed(seed)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    for _ in range(3):
        x, y = torch.randn(16, 1, 12, 12), torch.randint(0, 5, (16,))
        loss = nn.functional.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model


def reference(model, images):
    """The eval-mode scores and ``conv`` outputs in the default layout, in one pass."""
    seen = []
    handle = model.conv.register_forward_hook(lambda m, i, o: seen.append(o.clone()))
    model.eval()
    with torch.no_grad():
        scores = model(images)
    model.train()
    handle.remove()
    return scores.numpy(), seen[0].numpy()


def test_the_channels_last_passes_give_the_models_own_values_and_leave_its_tensors_alone():
    model = trained(Residual())
    images = torch.randn(50, 1, 12, 12)
    before = {name: (p, p.data_ptr(), p.stride(), p.detach().clone()) for name, p in model.named_parameters()}
    probe = TorchProbe(model, ["conv", "fc"], images, batch_size=16)
    scores, layers, kinds = probe()
    assert probe.channels_last is True, "a CPU conv network takes the channels-last kernels"
    want_scores, want_conv = reference(model, images)
    assert scores.shape == (50, 5) and layers["conv"].shape == (50, 16, 6, 6) and layers["fc"].shape == (50, 5)
    assert layers["conv"].flags.c_contiguous, "stored in the contract's [N, C, H, W] order"
    np.testing.assert_allclose(scores, want_scores, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layers["conv"], want_conv, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layers["fc"], want_scores, rtol=1e-5, atol=1e-5)
    assert kinds == {"conv": "conv2d", "fc": "dense"}
    for name, p in model.named_parameters():
        same, pointer, stride, values = before[name]
        assert p is same and p.data_ptr() == pointer and p.stride() == stride, f"{name} holds its own tensor again"
        assert torch.equal(p.detach(), values), f"{name} unchanged"


def test_a_model_that_cannot_take_channels_last_tensors_is_probed_in_the_default_layout():
    model = trained(Residual(flatten_with_view=True))
    images = torch.randn(40, 1, 12, 12)
    with pytest.raises(RuntimeError, match="view"), torch.no_grad():  # what the fast way would meet
        _channels_last_model_input(model.eval(), images)
    model.train()
    probe = TorchProbe(model, ["conv"], images, batch_size=16)
    scores, layers, _ = probe()
    assert probe.channels_last is False
    want_scores, want_conv = reference(model, images)
    np.testing.assert_array_equal(scores, want_scores)
    np.testing.assert_array_equal(layers["conv"], want_conv)


def _channels_last_model_input(model, images):
    """The model's forward with its conv weights in channels-last: what the fast way runs."""
    from cnn_timelapse.channels_last import channels_last_weights
    with channels_last_weights(model):
        return model(images)


def test_networks_without_4d_weights_and_non_4d_probes_keep_the_default_layout():
    mlp = nn.Sequential(nn.Flatten(), nn.Linear(144, 5))
    probe = TorchProbe(mlp, ["1"], torch.randn(8, 1, 12, 12))
    probe()
    assert probe.channels_last is False
    already = trained(Residual()).to(memory_format=torch.channels_last)
    assert TorchProbe(already, ["conv"], torch.randn(8, 1, 12, 12)).channels_last is False, "nothing to swap"
    conv1d = nn.Sequential(nn.Conv1d(1, 4, 3), nn.Flatten(), nn.Linear(40, 5))
    assert TorchProbe(conv1d, ["0"], torch.randn(8, 1, 12)).channels_last is False


def test_a_snapshot_allocates_nothing_of_its_size_and_the_next_one_refills_the_same_buffers():
    model = trained(Residual())
    images = torch.randn(30, 1, 12, 12)
    probe = TorchProbe(model, ["conv"], images, batch_size=8)
    first_scores, first, _ = probe()
    first_values = first["conv"].copy()
    trained(model, seed=1)  # the network moves on
    second_scores, second, _ = probe()
    assert np.shares_memory(first["conv"], second["conv"]) and np.shares_memory(first_scores, second_scores)
    assert not np.allclose(second["conv"], first_values), "refilled with the new network's values"
    np.testing.assert_allclose(second["conv"], reference(model, images)[1], rtol=1e-5, atol=1e-5)


class Shrinking(nn.Module):
    """A layer whose output loses a column at every call (no fixed shape per image)."""

    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return x[:, : x.shape[1] - self.calls]


def test_a_layer_whose_shape_changes_between_batches_is_named():
    model = nn.Sequential(nn.Flatten(), nn.Linear(16, 8), Shrinking())
    probe = TorchProbe(model, ["2"], torch.randn(10, 1, 4, 4), batch_size=4)
    with pytest.raises(RecorderError, match=r"layer '2' gives \[6\] values per image in one batch but \[7\] in the one before"):
        probe()


def test_a_model_whose_forward_is_a_collective_keeps_the_default_layout():
    model = trained(Residual())
    model.conv.weight.ds_id = 7  # how DeepSpeed ZeRO-3 marks a partitioned parameter
    assert TorchProbe(model, ["conv"], torch.randn(8, 1, 12, 12)).channels_last is False
