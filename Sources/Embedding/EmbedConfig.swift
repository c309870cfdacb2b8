import Support
import UMAP

/// An embed config (`configs/embed/*.json`): umap-learn's option names and defaults, plus the
/// alignment across epochs.
///
///     {"mode": "aligned" | "independent" | "cold", "n_neighbors": 15, "min_dist": 0.1, "spread": 1.0, "n_epochs": null,
///      "learning_rate": 1.0, "negative_sample_rate": 5, "repulsion_strength": 1.0,
///      "metric": "euclidean", "set_op_mix_ratio": 1.0, "local_connectivity": 1.0, "seed": 0,
///      "pca": null, "alignment_strength": 0.3, "warm_epochs": 100, "warm_learning_rate": 0.25,
///      "threads": 2, "nn_method": "auto", "quality_k": 10, "quality_sample": 5000}
public struct EmbedConfig: Equatable {
    public enum Mode: String, CaseIterable { case aligned, independent, cold }
    public var mode: Mode = .aligned
    public var umap = UMAPOptions()
    /// Reduce the activations to this many principal components first (nil: use them as they are).
    public var pca: Int?
    /// λ of the pull toward the previous epoch's layout (0: no pull).
    public var alignmentStrength = 0.3
    /// SGD epochs of each warm-started epoch after the first.
    public var warmEpochs = 100
    /// Starting learning rate of the warm-started SGD.
    public var warmLearningRate = 0.25
    /// k of the quality figures.
    public var qualityK = 10
    /// The quality figures are estimated on this many points, a seeded sample fixed for the run,
    /// when there are more (nil: always every point; see `LayoutQuality`).
    public var qualitySample: Int? = 5000

    public init() {}

    public static func load(_ path: String) throws -> EmbedConfig { try EmbedConfig(ConfigObject.load(path)) }

    public init(_ c: ConfigObject) throws {
        mode = Mode(rawValue: try c.string("mode", default: "aligned", oneOf: Mode.allCases.map(\.rawValue)))!
        umap.neighbors = try c.int("n_neighbors", default: 15, min: 2, max: 200)
        umap.minDist = try c.double("min_dist", default: 0.1, min: 0)
        umap.spread = try c.double("spread", default: 1.0, min: 0, exclusiveMin: true)
        guard umap.minDist <= umap.spread else { throw c.error("min_dist", "expected at most spread (\(umap.spread)), got \(umap.minDist)") }
        if c.value("n_epochs") != .null, c.has("n_epochs") { umap.epochs = try c.int("n_epochs", min: 1, max: 100_000) }
        umap.learningRate = try c.double("learning_rate", default: 1.0, min: 0, exclusiveMin: true)
        umap.negativeSampleRate = try c.int("negative_sample_rate", default: 5, min: 0, max: 100)
        umap.repulsionStrength = try c.double("repulsion_strength", default: 1.0, min: 0)
        umap.metric = UMAPOptions.Metric(rawValue: try c.string("metric", default: "euclidean", oneOf: ["euclidean", "cosine"]))!
        umap.setOpMixRatio = try c.double("set_op_mix_ratio", default: 1.0, min: 0, max: 1)
        umap.localConnectivity = try c.double("local_connectivity", default: 1.0, min: 0)
        umap.seed = UInt64(try c.int("seed", default: 0, min: 0))
        umap.threads = try c.int("threads", default: 2, min: 1, max: 256)
        umap.neighborMethod = UMAPOptions.NeighborMethod(rawValue: try c.string(
            "nn_method", default: "auto", oneOf: UMAPOptions.NeighborMethod.allCases.map(\.rawValue)))!
        if c.value("pca") != .null, c.has("pca") { pca = try c.int("pca", min: 2, max: 100_000) }
        alignmentStrength = try c.double("alignment_strength", default: 0.3, min: 0, max: 1)
        warmEpochs = try c.int("warm_epochs", default: 100, min: 1, max: 100_000)
        warmLearningRate = try c.double("warm_learning_rate", default: 0.25, min: 0, exclusiveMin: true)
        qualityK = try c.int("quality_k", default: 10, min: 1, max: 100)
        switch c.value("quality_sample") {
        case nil: break
        case .null?: qualitySample = nil
        default: qualitySample = try c.int("quality_sample", min: 100, max: 100_000_000)
        }
        try c.finish()
    }

    /// Every option written out, as stored in the embedding file.
    public var json: JSONValue {
        .object([
            ("mode", .string(mode.rawValue)), ("n_neighbors", .number(Double(umap.neighbors))),
            ("min_dist", .number(umap.minDist)), ("spread", .number(umap.spread)),
            ("n_epochs", umap.epochs.map { .number(Double($0)) } ?? .null),
            ("learning_rate", .number(umap.learningRate)), ("negative_sample_rate", .number(Double(umap.negativeSampleRate))),
            ("repulsion_strength", .number(umap.repulsionStrength)), ("metric", .string(umap.metric.rawValue)),
            ("set_op_mix_ratio", .number(umap.setOpMixRatio)), ("local_connectivity", .number(umap.localConnectivity)),
            ("seed", .number(Double(umap.seed))), ("pca", pca.map { .number(Double($0)) } ?? .null),
            ("alignment_strength", .number(alignmentStrength)), ("warm_epochs", .number(Double(warmEpochs))),
            ("warm_learning_rate", .number(warmLearningRate)), ("threads", .number(Double(umap.threads))),
            ("nn_method", .string(umap.neighborMethod.rawValue)),
            ("quality_k", .number(Double(qualityK))),
            ("quality_sample", qualitySample.map { .number(Double($0)) } ?? .null),
        ])
    }
}
