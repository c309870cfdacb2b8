import Foundation
import Support

/// One UMAP fit of a data set `[n, d]`: neighbours, fuzzy graph, initialization, SGD.
public struct UMAP {
    public let options: UMAPOptions
    /// The curve parameters fitted to `minDist` and `spread`.
    public let a: Double, b: Double

    public init(options: UMAPOptions) {
        self.options = options
        (a, b) = fitCurve(minDist: options.minDist, spread: options.spread)
    }

    /// Whether `neighbors` searches `n` points exactly (else by NN-descent).
    public func searchesExactly(_ n: Int) -> Bool {
        options.neighborMethod == .exact || (options.neighborMethod == .auto && n <= options.exactNeighborsLimit)
    }

    /// The `n_neighbors − 1` nearest neighbours of every row of `data` `[n, d]` besides the
    /// point itself (as umap-learn counts them), under `options.metric`.
    public func neighbors(_ data: [Float], n: Int, d: Int) -> NeighborGraph {
        searchesExactly(n)
            ? nearestNeighbors(data, n: n, d: d, k: options.neighbors - 1, metric: options.metric, threads: options.threads)
            : approximateNeighbors(data, n: n, d: d, k: options.neighbors - 1, metric: options.metric, seed: options.seed)
    }

    /// The fuzzy graph of the points whose neighbours are `neighbors`.
    public func graph(_ neighbors: NeighborGraph) -> FuzzyGraph {
        FuzzyGraph(neighbors: neighbors, setOpMixRatio: options.setOpMixRatio, localConnectivity: options.localConnectivity)
    }

    /// The starting layout of a cold fit, as umap-learn: spectral (PCA of the data when the
    /// graph is disconnected), scaled so its largest coordinate is 10, plus N(0, 1e-4) noise,
    /// then each axis rescaled to [0, 10].
    public func initialLayout(_ graph: FuzzyGraph, data: [Float], d: Int) -> [Float] {
        let n = graph.n
        var layout = spectralLayout(graph, seed: options.seed, threads: options.threads)
            ?? principalComponents(data, n: n, d: d, width: 2, seed: options.seed, threads: options.threads).scores
        let top = layout.map(abs).max() ?? 1
        var random = SeededRandom(seed: options.seed ^ 0x1A17)
        for i in layout.indices {
            // Box–Muller, scale 1e-4.
            let u = max(random.unit(), 1e-12), v = random.unit()
            layout[i] = layout[i] * (top > 0 ? 10 / top : 1) + Float(1e-4 * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
        for axis in 0..<2 {
            let values = stride(from: axis, to: layout.count, by: 2).map { layout[$0] }
            let lo = values.min() ?? 0, hi = values.max() ?? 1
            for i in stride(from: axis, to: layout.count, by: 2) { layout[i] = hi > lo ? 10 * (layout[i] - lo) / (hi - lo) : 0 }
        }
        return layout
    }

    /// A cold fit: graph, initialization and `options.coldEpochs(for: n)` SGD epochs.
    /// `neighbors`: the data's neighbours when the caller already has them (from `neighbors`).
    public func fit(_ data: [Float], n: Int, d: Int, neighbors: NeighborGraph? = nil,
                    report: (Int, Int) -> Void = { _, _ in }) -> [Float] {
        let g = graph(neighbors ?? self.neighbors(data, n: n, d: d))
        var layout = initialLayout(g, data: data, d: d)
        let epochs = options.coldEpochs(for: n)
        LayoutOptimizer(graph: g, a: a, b: b, options: options)
            .optimize(&layout, epochs: epochs, learningRate: options.learningRate) { report($0, epochs) }
        return layout
    }
}
