"""AlignedUMAP (umap-learn) timed on the first K snapshots of an activations file's layer, with
identity relations between consecutive snapshots: the peer side of bench/embed_scale.sh.
Prints the seconds of the fit (import and reading excluded) and the process's peak memory.
usage: aligned_umap_peer.py ACTIVATIONS.h5 LAYER K"""
import resource, sys, time
import h5py, numpy as np

path, layer, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
with h5py.File(path, "r") as f:
    X = [f[f"layers/{layer}/activation"][s].astype(np.float32) for s in range(k)]
import umap
n = X[0].shape[0]
relations = [{i: i for i in range(n)} for _ in range(k - 1)]
t0 = time.perf_counter()
umap.AlignedUMAP(n_neighbors=15, min_dist=0.1).fit(X, relations=relations)
seconds = time.perf_counter() - t0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"AlignedUMAP snapshots {k} samples {n} seconds {seconds:.1f} peak_MiB {peak:.0f}", flush=True)
