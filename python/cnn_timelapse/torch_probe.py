"""Taking a snapshot of a PyTorch module: the probe through the model in eval mode under
``torch.no_grad()``, the named layers' outputs collected by forward hooks, every module's
previous mode restored and the hooks removed afterwards."""
import contextlib

import numpy as np

from . import channels_last
from .errors import RecorderError, nearest_names

#: Module class name → the contract's layer `kind`.
KINDS = {"Conv1d": "conv1d", "Conv2d": "conv2d", "Conv3d": "conv3d", "Linear": "dense", "MaxPool2d": "maxpool",
         "AvgPool2d": "avgpool", "AdaptiveAvgPool2d": "avgpool", "ReLU": "relu", "BatchNorm1d": "batchnorm",
         "BatchNorm2d": "batchnorm", "Flatten": "flatten", "Dropout": "dropout", "Sequential": "block"}


def layer_kind(module):
    """The contract's ``kind`` of a module: from ``KINDS`` by its class, or by a base class (FSDP2
    turns a ``Linear`` into an ``FSDPLinear`` subclass), else the class name in lower case."""
    for cls in type(module).__mro__:
        if cls.__name__ in KINDS:
            return KINDS[cls.__name__]
    return type(module).__name__.lower()


def unwrap(model):
    """The module inside ``DistributedDataParallel``/``DataParallel`` (probing the wrapper
    would run its collectives), else ``model``."""
    import torch
    wrappers = (torch.nn.parallel.DistributedDataParallel, torch.nn.DataParallel)
    return model.module if isinstance(model, wrappers) else model


#: Name parts that wrappers insert between a model's own module names (FSDP1, activation
#: checkpointing, ``torch.compile``); layer names are matched without them.
WRAPPER_PARTS = ("_fsdp_wrapped_module", "_checkpoint_wrapped_module", "_orig_mod")


def own_name(name):
    """``name`` without the wrappers' parts: ``layer1._fsdp_wrapped_module.conv`` → ``layer1.conv``."""
    return ".".join(part for part in name.split(".") if part not in WRAPPER_PARTS)


def needs_every_rank(model):
    """Whether a forward pass of ``model`` is a collective that every rank must join: FSDP
    (``fully_shard`` or the ``FullyShardedDataParallel`` wrapper) or DeepSpeed ZeRO-3, whose
    partitioned parameters carry ``ds_id``."""
    kinds = ()
    try:
        from torch.distributed.fsdp import FullyShardedDataParallel
        kinds += (FullyShardedDataParallel,)
        from torch.distributed.fsdp import FSDPModule
        kinds += (FSDPModule,)
    except ImportError:
        pass
    return any(isinstance(m, kinds) for m in model.modules()) or any(hasattr(p, "ds_id") for p in model.parameters())


def class_scores(y):
    """The ``[N, C]`` class scores in a model's output: a tensor as it is, else the ``logits``
    of a Hugging Face output object (or a dict); anything else is returned unchanged."""
    import torch
    if isinstance(y, torch.Tensor):
        return y
    logits = y.get("logits") if isinstance(y, dict) else getattr(y, "logits", None)
    return logits if isinstance(logits, torch.Tensor) else y


def layer_output(out):
    """The tensor a layer outputs: itself, the first item of a tuple (a transformer block's
    hidden states), or the first value of a Hugging Face output object; else ``None``."""
    import torch
    if isinstance(out, (tuple, list)) and out:
        out = out[0]
    elif isinstance(out, dict) and out:
        out = next(iter(out.values()))
    return out if isinstance(out, torch.Tensor) else None


class TorchProbe:
    """A callable taking a snapshot of ``model`` on ``images``.

    Args:
        model: a ``torch.nn.Module`` (wrappers are unwrapped).
        layers: names from ``model.named_modules()``.
        images: the probe images, a tensor (or numpy array; floats become float32) ``[N, …]`` the model takes.
        batch_size: probe images per forward pass.
        output: optional function from the model's output to its ``[N, C]`` class scores
            (for models returning tuples or dicts); without it a tensor is taken as it is and an
            output object's ``logits`` (Hugging Face) are used.

    Calling it returns ``(outputs [N, C], {layer: float32 [N, *shape]}, {layer: kind})`` as numpy.
    The arrays are this probe's own buffers, filled again by the next call (the recorder writes
    them away at once): a snapshot allocates nothing of its size. On the CPU the convolutions
    run in the channels-last layout (``channels_last``) once one batch has given the same
    values both ways.
    """

    def __init__(self, model, layers, images, batch_size=128, output=None):
        import torch
        self.torch = torch
        self.module = unwrap(model)
        if not isinstance(self.module, torch.nn.Module):
            raise RecorderError(f"model: expected a torch.nn.Module, got {type(model).__name__}")
        modules = {own_name(name): m for name, m in self.module.named_modules()}  # the innermost module per name
        layers = list(layers)
        if not layers:
            raise RecorderError("layers: expected at least one name from model.named_modules()")
        for name in layers:
            if name not in modules or name == "":
                names = [n for n in modules if n]
                raise RecorderError(f"layer {name!r} is not a module of the model; nearest names: "
                                    f"{', '.join(map(repr, nearest_names(name, names)))}")
        self.layers = {name: modules[name] for name in layers}
        self.kinds = {name: layer_kind(m) for name, m in self.layers.items()}
        if not isinstance(images, torch.Tensor):  # numpy floats become float32, as models' weights are
            images = np.asarray(images)
            images = torch.as_tensor(images.astype(np.float32) if images.dtype.kind == "f" else images)
        self.images = images
        self.batch_size = int(batch_size)
        self.output = output
        #: Whether the passes run in channels-last: ``None`` until one batch has been compared.
        self.channels_last = None if channels_last.suits(self.module, images) and not needs_every_rank(self.module) else False
        #: Layer name (``None``: the class scores) → float32 ``[N, …]`` tensor, reused by every call.
        self.buffers = {}

    def device(self):
        for t in list(self.module.parameters()) + list(self.module.buffers()):
            return t.device
        return self.torch.device("cpu")

    def __call__(self):
        if self.channels_last is None:
            self.channels_last = self._same_in_channels_last()
        if self.channels_last:
            try:
                return self._take(fast=True)
            except Exception:  # the model's code met a case the compared batch did not have
                self.channels_last = False
        return self._take(fast=False)

    def _take(self, fast):
        """Every probe image through the model, the layers' outputs and the scores kept in ``buffers``."""
        torch, n = self.torch, len(self.images)
        rows = {}

        def keep(name, tensor):
            at = rows.get(name, 0)
            rows[name] = at + len(tensor)
            buffer = self.buffers.get(name)
            if buffer is None or buffer.shape[1:] != tensor.shape[1:]:
                if at:
                    raise RecorderError(f"{describe(name)} gives {list(tensor.shape[1:])} values per image in one batch "
                                        f"but {list(buffer.shape[1:])} in the one before; record a module whose output has one shape")
                buffer = self.buffers[name] = torch.empty((n, *tensor.shape[1:]), dtype=torch.float32)
            if at + len(tensor) <= n:
                buffer[at:at + len(tensor)].copy_(tensor)  # also the copy a later in-place op (ReLU(inplace=True)) cannot change

        self._run(n, fast, keep)
        for name in [None, *self.layers]:
            if rows.get(name, 0) != n:
                raise RecorderError(f"{describe(name)} produced {rows.get(name, 0)} rows for {n} probe images; "
                                    "record a module that runs once per forward pass")
        return (self.buffers[None].numpy(), {name: self.buffers[name].numpy() for name in self.layers}, dict(self.kinds))

    def _same_in_channels_last(self):
        """Whether the first batch gives the same scores and layer outputs in channels-last as in
        the default layout (``channels_last.nearly_equal``); false too when either way fails
        (the default way's error is then raised by the snapshot itself)."""
        torch = self.torch
        results = []
        for fast in (False, True):
            got = {}
            try:
                self._run(min(self.batch_size, len(self.images)), fast,
                          lambda name, t: got.setdefault(name, []).append(t.to(dtype=torch.float32, copy=True)))
            except Exception:
                return False
            results.append({name: torch.cat(parts) for name, parts in got.items()})
        reference, other = results
        return reference.keys() == other.keys() and all(channels_last.nearly_equal(reference[k], other[k]) for k in reference)

    def _run(self, count, fast, keep):
        """The first ``count`` probe images through the model in eval mode, in batches; calls
        ``keep(layer, output)`` for each recorded layer's output and ``keep(None, scores)`` for the
        class scores of every batch, as detached CPU tensors. Every module's mode is restored and
        the hooks removed afterwards."""
        torch = self.torch

        def hook(name):
            def seen(module, inputs, output):
                out = layer_output(output)
                if out is None:
                    raise RecorderError(f"layer {name!r} outputs {type(output).__name__}, not a tensor; record a module that outputs one")
                keep(name, out.detach().cpu())
            return seen

        modes = [(m, m.training) for m in self.module.modules()]
        handles = [m.register_forward_hook(hook(name)) for name, m in self.layers.items()]
        device = self.device()
        try:
            self.module.eval()
            with torch.no_grad(), (channels_last.channels_last_weights(self.module) if fast else contextlib.nullcontext()):
                for start in range(0, count, self.batch_size):
                    x = self.images[start:min(start + self.batch_size, count)].to(device)
                    try:
                        y = self.module(channels_last.channels_last_input(x) if fast else x)
                    except RecorderError:
                        raise
                    except Exception as e:
                        raise RecorderError(f"the model cannot take the probe images of shape {list(self.images.shape)}: "
                                            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e
                    y = self.output(y) if self.output is not None else class_scores(y)
                    if not isinstance(y, torch.Tensor):
                        raise RecorderError(f"the model outputs {type(y).__name__}; pass output=… to pick its [N, C] class scores")
                    keep(None, y.detach().cpu())
        finally:
            for h in handles:
                h.remove()
            for m, training in modes:
                m.training = training


def describe(name):
    """How an error names a recorded layer (``None``: the model's class scores)."""
    return "the model's output" if name is None else f"layer {name!r}"
