#!/usr/bin/env python3
"""Movement and trustworthiness of an embedding file, computed exactly as
../shared/peers/embed_umap_learn.py computes them for umap-learn (scipy's procrustes, which also
fits a scale; sklearn's trustworthiness with k=10), so both tools are measured by one ruler.
usage: movement.py EMBEDDING.h5 ACTIVATIONS.h5 LAYER"""
import sys
import h5py, numpy as np
from scipy.spatial import procrustes
from sklearn.manifold import trustworthiness

emb, acts, layer = sys.argv[1:4]
with h5py.File(emb, "r") as f: Y = f["embedding"][()]
with h5py.File(acts, "r") as f: X = f[f"layers/{layer}/activation"][()][: len(Y)]
out = []
for i in range(1, len(Y)):
    m1, m2, _ = procrustes(Y[i - 1], Y[i])
    out.append(np.sqrt(((m1 - m2) ** 2).sum(1)).mean() / np.sqrt((m1 ** 2).sum(1).mean()))
trust = " ".join(f"{trustworthiness(X[e], Y[e], n_neighbors=10):.4f}" for e in range(len(Y)))
print(f"movement {np.mean(out) if out else 0:.4f} trust {trust}")
