"""Running the probe's convolutions in the channels-last layout on the CPU.

PyTorch's CPU convolutions (oneDNN) run about twice as fast on channels-last (NHWC) tensors as
on the default NCHW ones: the example network's eval pass over its 2,000 probe pictures took
278 ms against 552 ms (2 threads). A model trained in the default layout keeps it: only while
the probe runs are its 4-D parameters' ``data`` swapped for channels-last copies, and its own
tensors are put back afterwards, untouched (the optimizer's state refers to the parameters,
not to their data). The values are the same up to float rounding; ``TorchProbe`` compares one
batch both ways before it relies on this, and keeps to the default layout when they differ or
when the model's code cannot take channels-last tensors (``x.view(len(x), -1)`` on a conv
output, for one).
"""
import contextlib


def suits(module, images):
    """Whether the probe of ``module`` on ``images`` may run in channels-last: the images are a
    4-D floating tensor ``[N, C, H, W]`` on the CPU, every parameter and buffer is a plain tensor
    on the CPU (no sharded ``DTensor``), and some 4-D parameter (a convolution's weight) is in the default layout."""
    import torch
    if not (isinstance(images, torch.Tensor) and images.dim() == 4 and images.is_floating_point() and images.device.type == "cpu"):
        return False
    tensors = list(module.parameters()) + list(module.buffers())
    if any(t.device.type != "cpu" or type(t.data) is not torch.Tensor for t in tensors):  # not sharded (DTensor) or quantized
        return False
    return any(p.dim() == 4 and p.is_floating_point() and not marked(p) for p in module.parameters())


def marked(t):
    """Whether the 4-D ``t`` has channels-last strides ``(C·H·W, 1, W·C, C)`` themselves. A tensor
    with one channel (a first convolution's weight, a 1×1 shortcut's) counts as contiguous in
    both layouts, but only these strides make PyTorch pick the channels-last kernels for it."""
    n, c, h, w = t.shape
    return t.stride() == (c * h * w, 1, w * c, c)


@contextlib.contextmanager
def channels_last_weights(module):
    """Within the block, ``module``'s 4-D parameters hold channels-last copies of their values;
    afterwards each holds its own tensor again, whatever happened inside."""
    import torch
    swapped = []
    try:
        for p in module.parameters():
            if p.dim() == 4 and p.is_floating_point() and not marked(p):
                original = p.data
                p.data = torch.empty_like(original, memory_format=torch.channels_last).copy_(original)
                swapped.append((p, original))
        yield
    finally:
        for p, original in swapped:
            p.data = original


def channels_last_input(x):
    """A 4-D batch in the channels-last layout (a view when it already is)."""
    import torch
    return x.contiguous(memory_format=torch.channels_last)


def nearly_equal(reference, other):
    """Whether ``other`` is ``reference`` up to float rounding: the same shape, and no value
    further from it than 1e-3 of the reference's largest magnitude (a layout mistake moves
    values by their own size)."""
    if reference.shape != other.shape:
        return False
    scale = float(reference.abs().max()) if reference.numel() else 0.0
    return bool((reference - other).abs().max() <= 1e-3 * max(scale, 1e-12)) if reference.numel() else True
