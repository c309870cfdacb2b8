#!/usr/bin/env python3
"""What the Python recorder adds to a plain PyTorch training loop: the example's network and loop
(examples/pytorch_fashion_mnist.py: the residual network, batch 128, Adam 1e-3, the whole test
split evaluated before training and after every epoch) on Fashion-MNIST, once without the
recorder and once with it (layers ``layer2`` and ``fc1``, the default schedule, ``--probe``
class-balanced test pictures), each in a fresh process, alternated ABBA so both sides see the
same load. Prints each run's training seconds, the best of each side and their ratio.

    python bench/recorder_overhead.py [--rounds 2] [--epochs 2] [--probe 2000] [--threads 2]

The timed span is the loop itself, from just before the recorder would be created to just after
it is closed (the file written, fsynced and renamed): loading the data and building the model
are outside it. Each run prints its wall time, its CPU time (with the writer process's), of that
the system's and the page faults behind it, and the seconds the host stole from the machine. The
run with the recorder also prints the seconds spent inside its calls (``Recorder(…)``, ``step``,
``test``, ``close``), and of those the probe's forward passes; the rest of the difference is
what its writer process takes from the training's cores.
"""
import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def example():
    """The example script as a module: its network, data reading and evaluation."""
    spec = importlib.util.spec_from_file_location("pytorch_fashion_mnist", os.path.join(ROOT, "examples", "pytorch_fashion_mnist.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_seconds():
    """User + system CPU seconds of this process, and of its children that have ended (the
    recorder's writer process, once ``close`` has waited for it)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def stolen_seconds():
    """CPU seconds the hypervisor gave to other machines so far, all cores (``steal`` in
    /proc/stat; 0 where there is none): a run that loses many was measured on a shared host."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def own_usage():
    """This process's system CPU seconds and minor page faults so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_stime, own.ru_minflt


def train(a, record):
    """One training run; returns ``{"seconds": loop wall time, "inside": seconds in the recorder's calls,
    "probe": seconds of those in the probe's forward passes, …}``."""
    import torch
    from torch import nn
    from cnn_timelapse import Recorder, Schedule
    from cnn_timelapse.torch_probe import TorchProbe
    ex = example()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    def load(kind):
        images = torch.tensor(ex.read_idx(f"{a.data}/{kind}-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1)
        return (images / 255 - ex.MEAN) / ex.STD, torch.tensor(ex.read_idx(f"{a.data}/{kind}-labels-idx1-ubyte.gz"), dtype=torch.long)
    x_train, y_train = load("train")
    x_test, y_test = load("t10k")
    probe = torch.as_tensor(ex.balanced(y_test.numpy(), a.probe, seed=0))
    batches = (len(x_train) + a.batch_size - 1) // a.batch_size
    model = ex.ResNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    inside = 0.0
    snapshots = 0
    probe_seconds = [0.0]
    forward = TorchProbe.__call__

    def timed_forward(probe):  # the probe's forward passes, timed
        t = time.perf_counter()
        try:
            return forward(probe)
        finally:
            probe_seconds[0] += time.perf_counter() - t
    TorchProbe.__call__ = timed_forward
    path = os.path.join(a.out, "activations.h5")
    started, cpu_started, usage_started, steal_started = time.perf_counter(), cpu_seconds(), own_usage(), stolen_seconds()
    if record:
        recorder = Recorder(model, layers=["layer2", "fc1"], probe=(x_test[probe], y_test[probe]), classes=ex.CLASSES, path=path,
                            subject="kind of clothing", schedule=Schedule(batches, epochs=a.epochs), train_size=len(x_train),
                            mean=ex.MEAN, std=ex.STD, source_index=probe.numpy(), seed=0)
        inside += time.perf_counter() - started

    def recorded(call):  # a recorder call, its seconds counted as inside the recorder; 0 without one
        nonlocal inside
        if not record:
            return 0
        t = time.perf_counter()
        try:
            return call()
        finally:
            inside += time.perf_counter() - t

    figures = ex.evaluate(model, x_test, y_test)
    recorded(lambda: recorder.test(*figures))
    generator = torch.Generator().manual_seed(0)
    for epoch in range(a.epochs):
        order = torch.randperm(len(x_train), generator=generator)
        for i in range(batches):
            index = order[i * a.batch_size:(i + 1) * a.batch_size]
            x, y = x_train[index], y_train[index]
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            snapshots += recorded(lambda: recorder.step(len(x), loss=loss, outputs=logits, targets=y))
        figures = ex.evaluate(model, x_test, y_test)
        recorded(lambda: recorder.test(*figures))
    recorded(lambda: recorder.close())
    seconds, (own, children), (system, faults) = time.perf_counter() - started, cpu_seconds(), own_usage()
    return {"seconds": seconds, "cpu": own + children - sum(cpu_started), "system": system - usage_started[0], "stolen": stolen_seconds() - steal_started,
            "faults": faults - usage_started[1], "writer_cpu": children - cpu_started[1], "inside": inside, "probe": probe_seconds[0], "snapshots": snapshots + record, "test_accuracy": figures[1],
            "bytes": os.path.getsize(path) if record else 0}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=2, help="runs of each side, alternated ABBA")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--probe", type=int, default=2000, help="tracked test pictures (class-balanced)")
    p.add_argument("--threads", type=int, default=2, help="torch threads")
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist", help="folder of the four IDX .gz files")
    p.add_argument("--out", default=os.path.join(ROOT, "bench", "out", "recorder"), help="folder for the recording")
    p.add_argument("--one", choices=["with", "without"], help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one:
        print(json.dumps(train(a, a.one == "with")), flush=True)
        return
    os.makedirs(a.out, exist_ok=True)
    common = [f"--epochs={a.epochs}", f"--batch-size={a.batch_size}", f"--probe={a.probe}", f"--threads={a.threads}",
              f"--data={a.data}", f"--out={a.out}"]
    print(f"== example network, {a.epochs} epochs, batch {a.batch_size}, {a.threads} torch threads; recorder: layer2 + fc1 of "
          f"{a.probe} probe pictures, default schedule; {a.rounds} rounds, ABBA", flush=True)
    results = {"without": [], "with": []}
    for r in range(a.rounds):
        for side in (("without", "with") if r % 2 == 0 else ("with", "without")):
            done = subprocess.run([sys.executable, __file__, f"--one={side}", *common], stdout=subprocess.PIPE, text=True, check=True)
            run = json.loads(done.stdout.strip().splitlines()[-1])
            results[side].append(run)
            extra = (f"; {run['inside']:.1f} s inside the recorder's calls ({run['probe']:.1f} s of them the probe's "
                     f"forward passes), its writer process {run['writer_cpu']:.1f} s CPU, {run['snapshots']} snapshots, "
                     f"{run['bytes'] / 1e6:.0f} MB" if side == "with" else "")
            print(f"round {r + 1} {side:>7}: {run['seconds']:.1f} s ({run['cpu']:.0f} s CPU, {run['system']:.0f} s of it the "
                  f"system's; {run['faults'] / 1e6:.1f} M page faults; {run['stolen']:.1f} s stolen by the host), test accuracy {run['test_accuracy']:.4f}{extra}", flush=True)
    best = {side: min(runs, key=lambda run: run["seconds"]) for side, runs in results.items()}
    ratio = best["with"]["seconds"] / best["without"]["seconds"]
    cpu = min(run["cpu"] for run in results["with"]) / min(run["cpu"] for run in results["without"])
    print(f"best: without {best['without']['seconds']:.1f} s, with {best['with']['seconds']:.1f} s "
          f"({best['with']['inside']:.1f} s inside the recorder's calls, {best['with']['probe']:.1f} s of them the probe's forward "
          f"passes); ratio {ratio:.3f} (+{100 * (ratio - 1):.1f} %; bar: +5 %); CPU time ratio {cpu:.3f}")


if __name__ == "__main__":
    main()
