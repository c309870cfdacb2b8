#!/usr/bin/env python3
"""Writes Tests/UMAPTests/Fixtures/quality-sklearn.json: 300 points in 8-D (three seeded Gaussian
blobs plus noise), a deliberately imperfect 2-D layout (the first two coordinates, jittered), and
the figures scikit-learn gives for them with k = 10: sklearn.manifold.trustworthiness, and the
k-NN preservation computed with sklearn.neighbors.NearestNeighbors. Run with the peers' venv:
    ~/.cache/cnn-timelapse-peers/bin/python scripts/make-quality-fixture.py
"""
import json
import numpy as np
from sklearn.manifold import trustworthiness
from sklearn.neighbors import NearestNeighbors

rng = np.random.default_rng(42)
centers = rng.normal(0, 4, (3, 8))
X = np.concatenate([c + rng.normal(0, 1, (100, 8)) for c in centers]).astype(np.float32)
Y = (X[:, :2] + rng.normal(0, 1.5, (300, 2))).astype(np.float32)
k = 10
hi = NearestNeighbors(n_neighbors=k + 1).fit(X).kneighbors(X, return_distance=False)[:, 1:]
lo = NearestNeighbors(n_neighbors=k + 1).fit(Y).kneighbors(Y, return_distance=False)[:, 1:]
kept = np.mean([len(set(a) & set(b)) / k for a, b in zip(hi, lo)])
json.dump({"data": X.flatten().tolist(), "layout": Y.flatten().tolist(), "n": 300, "d": 8, "k": k,
           "trustworthiness": float(trustworthiness(X, Y, n_neighbors=k)), "knn_preservation": float(kept)},
          open("Tests/UMAPTests/Fixtures/quality-sklearn.json", "w"))
