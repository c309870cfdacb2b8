import Foundation

/// Wall-clock seconds spent in each stage of embedding snapshots, summed with `+=`: the PCA, the
/// neighbour search, the fuzzy graph, the initial layout (spectral, first or cold snapshots only),
/// the SGD epochs, the Procrustes alignment with the movement, and the quality figures.
public struct StageSeconds: Equatable {
    public var pca = 0.0, neighbors = 0.0, graph = 0.0, initialization = 0.0, sgd = 0.0, alignment = 0.0, quality = 0.0

    public init() {}

    /// Everything but the quality figures: the layout's own cost.
    public var fit: Double { pca + neighbors + graph + initialization + sgd + alignment }

    public static func += (sum: inout StageSeconds, more: StageSeconds) {
        sum.pca += more.pca; sum.neighbors += more.neighbors; sum.graph += more.graph
        sum.initialization += more.initialization; sum.sgd += more.sgd; sum.alignment += more.alignment
        sum.quality += more.quality
    }

    /// Runs `body` and adds its seconds to the stage at `stage`.
    mutating func time<T>(_ stage: WritableKeyPath<StageSeconds, Double>, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        defer { self[keyPath: stage] += Date().timeIntervalSince(started) }
        return try body()
    }
}
