"""Writes a synthetic activations.h5 + embedding.h5 pair (the artifact contract, version 2) for
timing viz-render: N samples of 10 classes over E snapshots on the default schedule's shape
(steps 0, 1, 2, 4, …, 512 of batches of 64, then every quarter of a 60,000-picture epoch),
clusters that separate as training goes on.
The embedding's source_digest is computed as ActivationsFile.layerDigest does, so the pair
belongs together. Usage: render_inputs.py N E OUTDIR"""
import hashlib, json, os, sys
import h5py, numpy as np

n, E, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
os.makedirs(out, exist_ok=True)
C, D = 10, 8
names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
rng = np.random.default_rng(0)
labels = (np.arange(n) % C).astype(np.int32)
train_size, quarter = 60000, 60000 / 64 / 4
schedule = [0] + [2 ** k for k in range(10)] + [round(q * quarter) for q in range(3, E)]
steps = np.array(schedule[:E], dtype=np.int64)
seen = steps * 64
base = rng.normal(size=(C, 2)) * 5
acts, probs, emb = [], [], []
for e in range(E):
    s = e / max(1, E - 1)
    a = rng.normal(size=(n, D)).astype(np.float32)
    a[np.arange(n), labels % D] += 3 * s
    acts.append(a)
    logits = rng.normal(size=(n, C)); logits[np.arange(n), labels] += 4 * s
    p = np.exp(logits); probs.append((p / p.sum(1, keepdims=True)).astype(np.float32))
    emb.append((base[labels] * (0.3 + s) + rng.normal(size=(n, 2)) * (2 - s)).astype(np.float32))
acts = np.stack(acts)
images = (rng.random((n, 28, 28)) * 255).astype(np.uint8)
with h5py.File(f"{out}/activations.h5", "w") as f:
    f.attrs.update(format="cnn-timelapse.activations", format_version=2, producer="bench/render_inputs.py", config="{}", seed=0,
                   train_size=train_size)
    f.create_dataset("classes", data=np.array(names, dtype=h5py.string_dtype()))
    f.create_dataset("samples/label", data=labels)
    f.create_dataset("samples/source_index", data=np.arange(n, dtype=np.int64))
    f.create_dataset("samples/image", data=images)
    f.create_dataset("snapshots/images_seen", data=seen)
    f.create_dataset("snapshots/epoch", data=seen / train_size)
    f.create_dataset("snapshots/epoch_end", data=np.array([k == 0 or any(steps[k] == round(q * quarter) for q in range(4, E, 4))
                                                           for k in range(E)], np.uint8))
    f.create_dataset("metrics/test_accuracy", data=np.array([(probs[e].argmax(1) == labels).mean() for e in range(E)], np.float32))
    f.create_dataset("metrics/test_loss", data=np.linspace(2.3, 0.3, E).astype(np.float32))
    f.create_dataset("predictions/probability", data=np.stack(probs))
    d = f.create_dataset("layers/fc1/activation", data=acts)
    d.attrs.update(kind="dense", shape=np.array([D], np.int64))
    f.create_dataset("snapshots/step", data=steps)
h = hashlib.sha256()
h.update(f"layer:fc1;n:{n};d:{D}".encode()); h.update(steps.astype("<i8").tobytes()); h.update(labels.tobytes())
for e in range(E): h.update(np.ascontiguousarray(acts[e]).tobytes())
with h5py.File(f"{out}/embedding.h5", "w") as f:
    f.attrs.update(format="cnn-timelapse.embedding", format_version=2, producer="bench/render_inputs.py", config="{}",
                   layer="fc1", source=f"{out}/activations.h5", source_digest=h.hexdigest())
    f.create_dataset("embedding", data=np.stack(emb))
    f.create_dataset("snapshots/step", data=steps)
