"""Writing the activations file from a child process, so that nothing the disk or libhdf5 does
can take the training down.

libhdf5 is not safe against a failing disk: when a write hits a full disk, h5py can crash the
whole process with a segmentation fault while it frees its objects, and no Python exception
ever reaches the training loop. So the recorder's ``ActivationsWriter`` runs in a child
process (``python -c`` importing this module: not ``multiprocessing``, whose ``spawn`` would
run an unguarded training script a second time), fed over a pipe. The parent checks every
value before sending it, so bad arguments still raise at once; a failed write (full disk, lost
permission, an I/O error, even libhdf5 crashing) only ends the child. The parent then reads
the partial file in one more child process, to say how far it is complete, and issues one
``RecordingStopped`` warning naming the file; from then on recording does nothing and the
training goes on.

Before each snapshot the child checks that the disk has room for it (its bytes, plus
``RESERVE`` for HDF5's metadata): a disk that fills slowly ends the recording between two
snapshots, with every committed snapshot intact. A write that fails anyway leaves the file as
its last flush left it; the child then exits without closing the file, since closing would
flush (or crash) into it.
"""
import os
import pickle
import re
import select
import signal
import struct
import subprocess
import sys
import warnings

import numpy as np

from .shared_slots import SharedReader, SharedSlots
from .writer import ActivationsWriter, check_arguments, check_metrics, check_snapshot, partial_path

#: Free bytes kept beyond a snapshot's own size before it is written (HDF5 metadata, the
#: close); ``None`` writes without looking (the tests use it to meet a real full disk).
RESERVE = 1 << 20
HEADER = struct.Struct("<Q")
PACKAGE_PARENT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class RecordingStopped(UserWarning):
    """Recording ended early because the file could not be written; the training goes on."""


def open_writer(path, isolated=True, **options):
    """An ``IsolatedWriter`` (the default) or, with ``isolated=False``, an in-process
    ``ActivationsWriter``; both take ``ActivationsWriter``'s arguments."""
    return IsolatedWriter(path, **options) if isolated else ActivationsWriter(path, **options)


def send(fd, message):
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    for chunk in (HEADER.pack(len(data)), data):
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view):]


def receive(fd):
    """The next message on ``fd``, or ``None`` at its end."""
    header = read_exactly(fd, HEADER.size)
    if header is None:
        return None
    data = read_exactly(fd, HEADER.unpack(header)[0])
    return None if data is None else pickle.loads(data)


def read_exactly(fd, size):
    parts, left = [], size
    while left:
        part = os.read(fd, min(left, 1 << 24))
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def reason(error):
    """One line for a failed write: the system's words when libhdf5 names an errno."""
    text = str(error)
    number = re.search(r"errno = (\d+)", text)
    if number:
        return os.strerror(int(number.group(1)))
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno)
    line = text.splitlines()[0] if text else type(error).__name__
    return line if len(line) <= 200 else line[:197] + "…"


def free_bytes(path):
    s = os.statvfs(os.path.dirname(path))
    return s.f_bavail * s.f_frsize


def megabytes(n):
    return f"{n / 1e6:.1f} MB"


def child_main():
    """The child: runs an ``ActivationsWriter`` on the messages arriving on stdin and answers
    on the stdout it was started with. Anything else it prints goes to stderr."""
    inp, out = 0, os.dup(1)
    os.dup2(2, 1)
    writer = reserve = shared = None
    while True:
        message = receive(inp)
        if message is None:  # the parent is gone: keep what is written, as a crash would
            if writer is not None:
                writer.abandon()
            return
        kind, args = message
        try:
            if kind == "create":
                reserve = args.pop("reserve")
                fd = args.pop("shared_fd")
                shared = None if fd is None else SharedReader(fd)
                needed = (0 if args["images"] is None else np.asarray(args["images"]).nbytes) + (reserve or 0)
                free = free_bytes(partial_path(args["path"]))
                if reserve is not None and free < needed:
                    raise OSError(f"No space left on device: {megabytes(free)} free, the file needs {megabytes(needed)} to start")
                writer = ActivationsWriter(**args)
            elif kind == "add_layer":
                writer.add_layer(*args)
            elif kind == "append":
                if shared is not None:
                    args["probabilities"] = shared.resolve(args["probabilities"])
                    args["activations"] = {k: shared.resolve(v) for k, v in args["activations"].items()}
                needed = sum(np.asarray(a).nbytes for a in args["activations"].values()) + (reserve or 0)
                free = free_bytes(writer.partial)
                if reserve is not None and free < needed:
                    raise OSError(f"No space left on device: {megabytes(free)} free, a snapshot needs {megabytes(needed)}")
                writer.append(**args)
                send(out, ("committed", writer.count))
            elif kind == "set_metrics":
                writer.set_metrics(*args)
            elif kind in ("close", "abandon", "discard"):
                if writer is not None:
                    getattr(writer, kind)()
                send(out, ("done", kind))
                return
        except Exception as e:  # noqa: BLE001 — every failure is reported, then the child ends
            send(out, ("failed", reason(e)))
            os._exit(1)  # without closing: the file stays as its last flush left it


CHILD = "import sys; sys.path.insert(0, {parent!r}); from cnn_timelapse.writer_process import child_main; child_main()"

VERIFY = """
import json, sys
sys.path.insert(0, {parent!r})
import h5py
from cnn_timelapse.writer import METRICS
with h5py.File(sys.argv[1], "r") as f:
    steps = f["snapshots/step"][:]
    s = len(steps)
    names = ["snapshots/images_seen", "snapshots/epoch", "snapshots/epoch_end", "predictions/probability"]
    names += [f"metrics/{{m}}" for m in METRICS] + [f"layers/{{k}}/activation" for k in f["layers"]]
    for name in names:
        if f[name].shape[0] < s:
            raise SystemExit(f"{{name}} has {{f[name].shape[0]}} rows for {{s}} snapshots")
        if s:
            f[name][s - 1]  # reading the last committed snapshot checks its Fletcher-32 sums
print(json.dumps([s, int(steps[-1]) if s else None]))
"""


def verify(path):
    """``(snapshots, last step, None)`` for a partial file that reads, else ``(0, None, why)``.
    In a child process too: a damaged file may crash libhdf5 while it is read."""
    try:
        done = subprocess.run([sys.executable, "-c", VERIFY.format(parent=PACKAGE_PARENT), path], capture_output=True,
                              text=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as e:
        return 0, None, str(e)
    if done.returncode == 0:
        import json
        s, last = json.loads(done.stdout.strip().splitlines()[-1])
        return s, last, None
    lines = [l for l in done.stderr.strip().splitlines() if l.strip()]
    if done.returncode < 0:
        return 0, None, f"reading it crashed libhdf5 ({signal.Signals(-done.returncode).name})"
    return 0, None, lines[-1] if lines else f"exit status {done.returncode}"


class IsolatedWriter:
    """``ActivationsWriter``'s interface, written by a child process. Values are checked here,
    so bad ones raise ``RecorderError`` at once; a write that fails ends recording with one
    ``RecordingStopped`` warning (``stopped`` is then true and every method does nothing)."""

    def __init__(self, path, classes, labels, images=None, source_index=None, producer="cnn_timelapse",
                 config=None, seed=-1, default_layer=None, train_size=None, dtype="float32", subject=None):
        check_arguments(path, dtype, subject)
        labels = np.asarray(labels)
        self.path = os.path.abspath(path)
        self.partial = partial_path(path)
        self.sample_count, self.class_count, self.dtype = len(labels), len(classes), np.dtype(dtype)
        self.count = self.committed = 0
        self.layers = {}
        self.stopped = False
        self.last_step = None
        self.shared = SharedSlots.create()
        fds = () if self.shared is None else (self.shared.fd,)
        self.process = subprocess.Popen([sys.executable, "-c", CHILD.format(parent=PACKAGE_PARENT)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True, pass_fds=fds)
        # start_new_session: a Ctrl-C meant for the training does not reach the writer, which
        # the training's own handling (abandon, or the end of its stdin) then closes in order.
        self._send("create", dict(path=path, classes=list(classes), labels=labels, images=images, source_index=source_index,
                                  producer=producer, config=config, seed=seed, default_layer=default_layer,
                                  train_size=train_size, dtype=dtype, subject=subject, reserve=RESERVE,
                                  shared_fd=fds[0] if fds else None))

    def add_layer(self, name, kind, shape):
        """As ``ActivationsWriter.add_layer``."""
        self.layers[name] = int(np.prod(shape))
        self._send("add_layer", (name, kind, tuple(int(d) for d in shape)))

    def append(self, step, images_seen, epoch, epoch_end, metrics, probabilities, activations):
        """As ``ActivationsWriter.append``; returns before the child has written it. The arrays
        go through shared memory (``shared_slots``) when there is some: this waits only while
        the child is still writing the snapshot before the previous one."""
        p = check_snapshot(self, step, metrics, probabilities, activations)
        activations = {k: np.asarray(v) for k, v in activations.items()}
        self._poll()
        if self.shared is not None:
            arrays = [p, *activations.values()]
            if not self.shared.fits(arrays):  # the first snapshot: the child reads no slot yet
                self.wait()
                self.shared.grow(arrays)
            self.wait(self.count - 1)  # the slot this one takes was filled two snapshots ago
        if self.stopped:
            return
        if self.shared is not None:
            p, *placed = self.shared.put(self.count % 2, arrays)
            activations = dict(zip(activations, placed))
        self.last_step = step
        self.count += 1
        self._send("append", dict(step=step, images_seen=images_seen, epoch=epoch, epoch_end=epoch_end, metrics=metrics,
                                  probabilities=p, activations=activations))

    def set_metrics(self, metrics, snapshot=-1):
        """As ``ActivationsWriter.set_metrics``."""
        s = check_metrics(self, metrics, snapshot)
        self._send("set_metrics", ({k: float(v) for k, v in metrics.items()}, s))

    def wait(self, count=None):
        """Waits until the child has written ``count`` snapshots (default: every one sent so
        far), or recording stopped."""
        count = self.count if count is None else count
        while not self.stopped and self.process is not None and self.committed < count:
            self._receive(block=True)

    def close(self):
        """Finishes the file (flushed, fsynced, renamed to ``path``) and waits for the child.
        Returns whether the file is complete under ``path``."""
        return self._finish("close")

    def abandon(self):
        """Closes the file under its partial name (what a crash leaves) and waits for the child."""
        self._finish("abandon")

    def discard(self):
        """Closes and deletes the partial file."""
        self._finish("discard")

    def _finish(self, kind):
        if self.stopped or self.process is None:
            return False
        self._send(kind)
        while not self.stopped:
            message = self._receive(block=True)
            if message == ("done", kind):
                self.process.wait()
                self.process.stdin.close()
                self.process.stdout.close()
                self.process = None
                self._release_shared()
                return True
        return False

    def _release_shared(self):
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    def _send(self, kind, args=None):
        if self.stopped or self.process is None:
            return
        try:
            send(self.process.stdin.fileno(), (kind, args))
        except OSError:  # the child is gone (a broken pipe); its last words or its status say why
            while not self.stopped and self._receive(block=True) is not None:
                pass
            self._fail("the writer process ended")

    def _poll(self):
        while not self.stopped and self.process is not None and select.select([self.process.stdout], [], [], 0)[0]:
            self._receive(block=True)

    def _receive(self, block):
        """Handles one message from the child; returns it, or ``None`` once recording stopped."""
        message = receive(self.process.stdout.fileno())
        if message is None:
            status = self.process.wait()
            why = f"the writer process was killed by {signal.Signals(-status).name}" if status < 0 else \
                f"the writer process ended with status {status}"
            self._fail(why)
            return None
        if message[0] == "committed":
            self.committed = message[1]
        elif message[0] == "failed":
            self._fail(message[1])
            return None
        return message

    def stop(self, why):
        """Ends recording for ``why`` (a phrase), with the same one warning as a failed write;
        what was sent is written first and the file is left under its partial name."""
        self._finish("abandon")
        self._fail(why, cause=False)

    def _fail(self, why, cause=True):
        """Ends recording: stops the child, reads the partial file, and warns once. ``why`` is
        the reason a write failed (``cause``), else the whole phrase."""
        if self.stopped:
            return
        self.stopped = True
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
            self.process.stdin.close()
            self.process.stdout.close()
            self.process = None
        self._release_shared()
        s, last, unreadable = verify(self.partial) if os.path.exists(self.partial) else (0, None, None)
        if not os.path.exists(self.partial):
            state = "nothing was recorded"
        elif unreadable:
            state = f"{self.partial} cannot be read ({unreadable})"
        elif s == 0:
            state = f"{self.partial} holds no complete snapshot"
        else:
            state = (f"{self.partial} holds {s} complete snapshot{'s' if s > 1 else ''} (steps 0–{last}) and reads up to "
                     f"there; make the video from it with: cnn-timelapse make {display_path(self.partial)}")
        why = f"cannot write {self.partial} ({why})" if cause else why
        warnings.warn(f"cnn_timelapse: recording stopped, training goes on: {why}. {state}", RecordingStopped, stacklevel=2)


def display_path(path):
    """``path`` relative to the working folder when it lies below it, else absolute; quoted for a shell."""
    import shlex
    relative = os.path.relpath(path)
    return shlex.quote(path if relative.startswith("..") else relative)
