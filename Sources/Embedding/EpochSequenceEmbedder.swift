import Foundation
import Support
import UMAP

/// Embeds one epoch after another, keeping only the previous layout between them (memory
/// O(N·(D + k))). The first epoch is always a cold UMAP fit (spectral initialization, the full
/// `n_epochs`). Each later epoch, by mode:
/// - aligned: starts from the previous layout and runs `warmEpochs` SGD epochs on its own graph
///   with a pull of strength `alignmentStrength` toward the previous layout;
/// - independent: the same warm start with no pull (alignment strength 0): each epoch's layout
///   answers to its own graph only;
/// - cold: a fresh fit every epoch, as the original tool (and umap-learn run per epoch) did.
/// The layout is then rotated or reflected onto the previous one (Procrustes), and its quality
/// figures (on `qualitySample` points at most) and movement are computed. With `pca`, each snapshot's PCA starts from the previous
/// snapshot's basis (except in cold mode; see `principalComponents`).
public final class EpochSequenceEmbedder {
    public let config: EmbedConfig
    private let umap: UMAP
    private var previous: [Float]?
    /// The PCA basis of the previous snapshot, where the next snapshot's PCA starts (not in cold mode).
    private var pcaBasis: [Float]?

    public init(config: EmbedConfig) {
        self.config = config
        umap = UMAP(options: config.umap)
    }

    public struct Result {
        /// The aligned layout `[N, 2]`.
        public var layout: [Float]
        public var quality: LayoutQuality
        public var movement: Double
        /// Where the snapshot's time went.
        public var seconds: StageSeconds
    }

    /// Embeds the next epoch's activations `[n, d]`; `labels` `[n]` feed the neighbourhood hit.
    /// `report(sgdEpoch, sgdEpochs)` follows the SGD.
    public func next(_ activations: [Float], n: Int, d: Int, labels: [Int32],
                     report: (Int, Int) -> Void = { _, _ in }) -> Result {
        var seconds = StageSeconds()
        var data = activations, width = d
        if let p = config.pca, p < d {
            let pca = seconds.time(\.pca) {
                principalComponents(activations, n: n, d: d, width: p, seed: config.umap.seed, threads: config.umap.threads,
                                    startingBasis: config.mode == .cold ? nil : pcaBasis)
            }
            data = pca.scores
            pcaBasis = pca.basis
            width = p
        }
        let neighbors = seconds.time(\.neighbors) { umap.neighbors(data, n: n, d: width) }
        let graph = seconds.time(\.graph) { umap.graph(neighbors) }
        let optimizer = LayoutOptimizer(graph: graph, a: umap.a, b: umap.b, options: config.umap)
        var layout: [Float]
        if config.mode != .cold, let previous {
            layout = previous
            seconds.time(\.sgd) {
                optimizer.optimize(&layout, epochs: config.warmEpochs, learningRate: config.warmLearningRate,
                                   anchor: previous, anchorStrength: config.mode == .aligned ? config.alignmentStrength : 0) {
                    report($0, config.warmEpochs)
                }
            }
        } else {
            layout = seconds.time(\.initialization) { umap.initialLayout(graph, data: data, d: width) }
            let epochs = config.umap.coldEpochs(for: n)
            seconds.time(\.sgd) { optimizer.optimize(&layout, epochs: epochs, learningRate: config.umap.learningRate) { report($0, epochs) } }
        }
        var movement = 0.0
        if let previous {
            seconds.time(\.alignment) {
                procrustesAlign(&layout, onto: previous)
                movement = layoutMovement(from: previous, to: layout)
            }
        }
        previous = layout
        let quality = seconds.time(\.quality) {
            LayoutQuality(data: data, n: n, d: width, layout: layout, labels: labels, k: config.qualityK,
                          threads: config.umap.threads, sample: config.qualitySample, seed: config.umap.seed)
        }
        return Result(layout: layout, quality: quality, movement: movement, seconds: seconds)
    }
}
