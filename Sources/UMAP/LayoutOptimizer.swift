import Foundation
import Support

/// The SGD of UMAP's layout (umap-learn's `optimize_layout_euclidean`), with negative sampling,
/// a linearly decaying learning rate and gradients clipped to ±4, plus an optional pull of each
/// point toward an anchor layout (the previous epoch's, for alignment across epochs).
///
/// Attraction along a sampled edge (i, j), d² = ‖yᵢ − yⱼ‖²:
///   ∂ = −2ab·d^(2(b−1)) / (1 + a·d^(2b)) · (yᵢ − yⱼ);
/// repulsion from a random point k: ∂ = 2γb / ((0.001 + d²)(1 + a·d^(2b))) · (yᵢ − yₖ).
/// Anchor pull, once per SGD epoch: yᵢ += α·λ·(anchorᵢ − yᵢ), α the current learning rate.
///
/// Parallel and deterministic: the graph stores both directions of every edge, and each point
/// moves only itself (so an edge's attraction, which umap-learn applies to both ends of both
/// directions, is applied here twice to its head). Workers own contiguous ranges of points;
/// within an SGD epoch a point reads its own current position and the others' positions from the
/// end of the previous SGD epoch, and draws negative samples from a generator seeded by
/// (seed, epoch, point). The result depends on the seed only — not on the thread count.
public struct LayoutOptimizer {
    public let graph: FuzzyGraph
    public let a: Float, b: Float
    public let gamma: Float
    public let negativeSampleRate: Int
    public let seed: UInt64
    public let threads: Int

    public init(graph: FuzzyGraph, a: Double, b: Double, options: UMAPOptions) {
        self.graph = graph
        self.a = Float(a)
        self.b = Float(b)
        gamma = Float(options.repulsionStrength)
        negativeSampleRate = options.negativeSampleRate
        seed = options.seed
        threads = options.threads
    }

    /// Runs `epochs` SGD epochs on `layout` `[n, 2]` starting at learning rate `learningRate`.
    /// `anchor` `[n, 2]` and `anchorStrength` λ add the pull toward it. `report(epoch)` is
    /// called after each epoch.
    public func optimize(_ layout: inout [Float], epochs: Int, learningRate: Double, anchor: [Float]? = nil,
                         anchorStrength: Double = 0, report: (Int) -> Void = { _ in }) {
        let n = graph.n
        let perSample = epochsPerSample(graph.weights, epochs: epochs)
        let negativeRate = Float(max(negativeSampleRate, 1))
        var nextSample = perSample
        var nextNegative = perSample.map { $0 / negativeRate }
        var previous = layout
        let (a, b, gamma) = (self.a, self.b, self.gamma)
        let anchorStrength = Float(anchorStrength)
        for epoch in 0..<epochs {
            let alpha = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            let epochF = Float(epoch)
            let seed = self.seed
            previous.withUnsafeBufferPointer { old in
            layout.withUnsafeMutableBufferPointer { y in
            nextSample.withUnsafeMutableBufferPointer { nextSample in
            nextNegative.withUnsafeMutableBufferPointer { nextNegative in
            perSample.withUnsafeBufferPointer { perSample in
            graph.rowStart.withUnsafeBufferPointer { rowStart in
            graph.columns.withUnsafeBufferPointer { columns in
            anchor.withUnsafeBufferPointerIfPresent { anchor in
                parallelChunks(n, threads: threads) { points in
                    for i in points {
                        var random = SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(i) &* 0xBF58_476D_1CE4_E5B9))
                        var yi0 = y[2 * i], yi1 = y[2 * i + 1]
                        for e in rowStart[i]..<rowStart[i + 1] {
                            let period = perSample[e]
                            guard period > 0, nextSample[e] <= epochF else { continue }
                            let j = Int(columns[e])
                            let d0 = yi0 - old[2 * j], d1 = yi1 - old[2 * j + 1]
                            let dist2 = d0 * d0 + d1 * d1
                            if dist2 > 0 {
                                let powB = powf(dist2, b)
                                let coeff = -2 * a * b * (powB / dist2) / (a * powB + 1)
                                yi0 += 2 * clip(coeff * d0) * alpha
                                yi1 += 2 * clip(coeff * d1) * alpha
                            }
                            nextSample[e] += period
                            let perNegative = period / negativeRate
                            let negatives = max(Int((epochF - nextNegative[e]) / perNegative), 0)
                            for _ in 0..<negatives {
                                let k = random.index(below: n)
                                if k == i { continue }
                                let r0 = yi0 - old[2 * k], r1 = yi1 - old[2 * k + 1]
                                let rd2 = r0 * r0 + r1 * r1
                                if rd2 > 0 {
                                    let coeff = 2 * gamma * b / ((0.001 + rd2) * (a * powf(rd2, b) + 1))
                                    yi0 += clip(coeff * r0) * alpha
                                    yi1 += clip(coeff * r1) * alpha
                                } else {
                                    yi0 += 4 * alpha
                                    yi1 += 4 * alpha
                                }
                            }
                            nextNegative[e] += Float(negatives) * perNegative
                        }
                        if let anchor, anchorStrength > 0 {
                            let pull = anchorStrength * alpha
                            yi0 += pull * (anchor[2 * i] - yi0)
                            yi1 += pull * (anchor[2 * i + 1] - yi1)
                        }
                        y[2 * i] = yi0
                        y[2 * i + 1] = yi1
                    }
                }
            }
            }
            }
            }
            }
            }
            }
            }
            previous.withUnsafeMutableBufferPointer { p in layout.withUnsafeBufferPointer { p.baseAddress!.update(from: $0.baseAddress!, count: $0.count) } }
            report(epoch + 1)
        }
    }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with the array's buffer, or with nil.
    func withUnsafeBufferPointerIfPresent<R>(_ body: (UnsafeBufferPointer<Float>?) -> R) -> R {
        switch self {
        case .some(let array): return array.withUnsafeBufferPointer { body($0) }
        case .none: return body(nil)
        }
    }
}

@inline(__always) func clip(_ x: Float) -> Float { min(4, max(-4, x)) }
