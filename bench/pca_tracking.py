"""How close umap-embed's PCA schemes come to the full space, on a wide layer: for every snapshot,
the mean fraction of each picture's 10 nearest neighbours in the full D-dimensional space that
are also among its 10 nearest in a 50-component PCA space, with the basis found (a) by 4 power
iterations from a fresh seeded sketch at every snapshot, (b) by 2 power iterations from the
previous snapshot's basis (what umap-embed does since the first snapshot; docs/umap.md).
numpy replays both schemes (float32 data, QR re-orthonormalisation, Rayleigh–Ritz), so the
figures are the schemes', not the Swift code's.

    python bench/pca_tracking.py /tmp/embed-wide/activations.h5 layer2 [snapshots]
"""
import sys

import h5py
import numpy as np


def neighbours(z, k=10):
    """Indices of the k nearest rows of z to each row (itself excluded), by squared distance."""
    z = z.astype(np.float64)
    sq = (z * z).sum(1)
    d = sq[:, None] + sq[None, :] - 2 * z @ z.T
    np.fill_diagonal(d, np.inf)
    return np.argpartition(d, k, axis=1)[:, :k]


def overlap(a, b):
    return np.mean([len(set(x) & set(y)) / a.shape[1] for x, y in zip(a, b)])


def subspace(x, omega, iterations, width=50):
    """Scores [n, width] and the basis after `iterations` power iterations from `omega`."""
    for _ in range(iterations):
        omega, _ = np.linalg.qr(x.T @ (x @ omega))
    y = x @ omega
    _, vectors = np.linalg.eigh(y.T.astype(np.float64) @ y)
    return y @ vectors[:, ::-1][:, :width], omega


path, layer = sys.argv[1], sys.argv[2]
data = h5py.File(path, "r")[f"/layers/{layer}/activation"]
count = int(sys.argv[3]) if len(sys.argv) > 3 else data.shape[0]
tracked_basis, fresh_all, tracked_all = None, [], []
for s in range(count):
    x = data[s].astype(np.float32)
    x -= x.mean(0)
    full = neighbours(x)
    sketch = np.random.default_rng(0).uniform(-1, 1, (x.shape[1], 58)).astype(np.float32)
    fresh, basis = subspace(x, sketch, 4)
    tracked, tracked_basis = (fresh, basis) if tracked_basis is None else subspace(x, tracked_basis, 2)
    fresh_all.append(overlap(neighbours(fresh), full))
    tracked_all.append(overlap(neighbours(tracked), full))
    print(f"snapshot {s}: fresh sketch, 4 iterations {fresh_all[-1]:.4f}; tracked, 2 iterations {tracked_all[-1]:.4f}", flush=True)
print(f"mean over {count} snapshots: fresh {np.mean(fresh_all):.4f}, tracked {np.mean(tracked_all):.4f}")
