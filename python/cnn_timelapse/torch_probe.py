"""Taking a snapshot of a PyTorch module: the probe through the model in eval mode under
``torch.no_grad()``, the named layers' outputs collected by forward hooks, every module's
previous mode restored and the hooks removed afterwards."""
import numpy as np

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

    def device(self):
        for t in list(self.module.parameters()) + list(self.module.buffers()):
            return t.device
        return self.torch.device("cpu")

    def __call__(self):
        torch = self.torch
        collected = {name: [] for name in self.layers}
        outputs = []

        def hook(name):
            def keep(module, inputs, output):
                out = layer_output(output)
                if out is None:
                    raise RecorderError(f"layer {name!r} outputs {type(output).__name__}, not a tensor; record a module that outputs one")
                # A copy on the CPU, detached: a later in-place op (ReLU(inplace=True)) must not change it.
                collected[name].append(out.detach().to(device="cpu", dtype=torch.float32, copy=True))
            return keep

        modes = [(m, m.training) for m in self.module.modules()]
        handles = [m.register_forward_hook(hook(name)) for name, m in self.layers.items()]
        device = self.device()
        try:
            self.module.eval()
            with torch.no_grad():
                for start in range(0, len(self.images), self.batch_size):
                    x = self.images[start:start + self.batch_size].to(device)
                    try:
                        y = self.module(x)
                    except RecorderError:
                        raise
                    except Exception as e:
                        raise RecorderError(f"the model cannot take the probe images of shape {list(self.images.shape)}: "
                                            f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}") from e
                    y = self.output(y) if self.output is not None else class_scores(y)
                    if not isinstance(y, torch.Tensor):
                        raise RecorderError(f"the model outputs {type(y).__name__}; pass output=… to pick its [N, C] class scores")
                    outputs.append(y.detach().to(device="cpu", dtype=torch.float32))
        finally:
            for h in handles:
                h.remove()
            for m, training in modes:
                m.training = training
        n = len(self.images)
        result = {}
        for name, parts in collected.items():
            a = torch.cat(parts).numpy() if parts else np.zeros((0,))
            if len(a) != n:
                raise RecorderError(f"layer {name!r} produced {len(a)} rows for {n} probe images; "
                                    "record a module that runs once per forward pass")
            result[name] = a
        return torch.cat(outputs).numpy(), result, dict(self.kinds)
