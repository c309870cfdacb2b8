/// The options of one UMAP fit, with umap-learn 0.5's names and defaults (McInnes, Healy &
/// Melville 2018, "UMAP: Uniform Manifold Approximation and Projection").
public struct UMAPOptions: Equatable, Sendable {
    public enum Metric: String, Sendable { case euclidean, cosine }
    /// How neighbours are found: exactly, by NN-descent, or by size (`exactNeighborsLimit`).
    public enum NeighborMethod: String, Sendable, CaseIterable { case auto, exact, nnDescent = "nn-descent" }

    /// k, the size of the local neighbourhood (umap-learn `n_neighbors`).
    public var neighbors = 15
    /// The smallest distance between points in the layout (`min_dist`).
    public var minDist = 0.1
    /// The scale of the layout (`spread`); with `minDist` it sets the curve parameters a, b.
    public var spread = 1.0
    /// SGD epochs of a cold fit; nil → 500 for N ≤ 10,000, else 200 (umap-learn's rule).
    public var epochs: Int?
    /// Initial SGD learning rate (`learning_rate`), decayed linearly to 0.
    public var learningRate = 1.0
    /// Negative samples per positive sample (`negative_sample_rate`).
    public var negativeSampleRate = 5
    /// Weight of the repulsive term (`repulsion_strength`, γ).
    public var repulsionStrength = 1.0
    public var metric = Metric.euclidean
    /// Fuzzy union (1) vs intersection (0) when symmetrizing (`set_op_mix_ratio`).
    public var setOpMixRatio = 1.0
    /// Nearest neighbours assumed fully connected (`local_connectivity`).
    public var localConnectivity = 1.0
    public var seed: UInt64 = 0
    public var neighborMethod = NeighborMethod.auto
    /// With `.auto`, data sets of more points than this use NN-descent (see docs/umap.md for
    /// the measurement behind the value).
    public var exactNeighborsLimit = 60_000
    /// Worker threads for the neighbour search, the SGD and the quality figures.
    public var threads = 2

    public init() {}

    /// The epochs a cold fit of `n` points runs.
    public func coldEpochs(for n: Int) -> Int { epochs ?? (n <= 10_000 ? 500 : 200) }
}
