/// How often each edge is sampled during the SGD (umap-learn's `make_epochs_per_sample`): an
/// edge of weight w is sampled every max_w / w epochs, so the heaviest every epoch. Edges
/// lighter than max_w / n_epochs are never sampled (umap-learn prunes them).
func epochsPerSample(_ weights: [Float], epochs: Int) -> [Float] {
    let top = weights.max() ?? 1
    return weights.map { w in
        let samples = Float(epochs) * w / top
        return samples >= 1 ? Float(epochs) / samples : -1
    }
}
