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
        for epoch in 0..<epochs {
            let alpha = Float(learningRate * (1 - Double(epoch) / Double(epochs)))
            previous.withUnsafeBufferPointer { old in
            layout.withUnsafeMutableBufferPointer { y in
            nextSample.withUnsafeMutableBufferPointer { nextSample in
            nextNegative.withUnsafeMutableBufferPointer { nextNegative in
            perSample.withUnsafeBufferPointer { perSample in
            graph.rowStart.withUnsafeBufferPointer { rowStart in
            graph.columns.withUnsafeBufferPointer { columns in
            anchor.withUnsafeBufferPointerIfPresent { anchor in
                let sweep = SGDSweep(
                    n: n, epoch: epoch, alpha: alpha, a: a, b: b, gamma: gamma, negativeRate: negativeRate, seed: seed,
                    anchorPull: anchor == nil ? 0 : Float(anchorStrength) * alpha, old: old, y: y, anchor: anchor,
                    rowStart: rowStart, columns: columns, perSample: perSample, nextSample: nextSample,
                    nextNegative: nextNegative)
                parallelChunks(n, threads: threads) { points in sweep.run(points) }
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

/// One SGD epoch over a range of points. Each point's work is a chain of dependent steps (every
/// step moves the point, and the next step starts from where it landed), each waiting on a
/// `powf`; so `lanes` points are walked in lockstep, one step each in turn, and the processor
/// overlaps their chains. A point's steps, and its random draws, are exactly those it would take
/// alone, so the result is the same bytes as walking the points one after another.
struct SGDSweep {
    static let lanes = 4

    let n: Int, epoch: Int
    let alpha: Float, a: Float, b: Float, gamma: Float, negativeRate: Float
    let seed: UInt64
    /// α·λ, the anchor pull of this epoch (0: none).
    let anchorPull: Float
    let old: UnsafeBufferPointer<Float>, y: UnsafeMutableBufferPointer<Float>
    let anchor: UnsafeBufferPointer<Float>?
    let rowStart: UnsafeBufferPointer<Int>, columns: UnsafeBufferPointer<Int32>, perSample: UnsafeBufferPointer<Float>
    let nextSample: UnsafeMutableBufferPointer<Float>, nextNegative: UnsafeMutableBufferPointer<Float>

    /// Where one point is in its epoch: its position so far, the next edge to look at, and the
    /// negative samples still owed for the edge before it.
    struct Walk {
        var i: Int
        var y0: Float, y1: Float
        var edge: Int, end: Int
        var negatives: Int
        var random: SeededRandom
    }

    func start(_ i: Int) -> Walk {
        Walk(i: i, y0: y[2 * i], y1: y[2 * i + 1], edge: rowStart[i], end: rowStart[i + 1], negatives: 0,
             random: SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(i) &* 0xBF58_476D_1CE4_E5B9)))
    }

    func run(_ points: Range<Int>) {
        var walks = [Walk]()
        var next = points.lowerBound
        while walks.count < Self.lanes, next < points.upperBound { walks.append(start(next)); next += 1 }
        walks.withUnsafeMutableBufferPointer { walks in
            var active = walks.count
            while active > 0 {
                var l = 0
                while l < active {
                    if step(&walks[l]) { l += 1; continue }
                    finish(walks[l])
                    if next < points.upperBound {
                        walks[l] = start(next)
                        next += 1
                        l += 1
                    } else {
                        active -= 1
                        walks[l] = walks[active]
                    }
                }
            }
        }
    }

    /// One step of a point's walk: a negative sample still owed, else the attraction along its
    /// next edge due this epoch (which sets the negatives it owes). False when the walk is over.
    @inline(__always)
    func step(_ w: inout Walk) -> Bool {
        if w.negatives > 0 {
            w.negatives -= 1
            let k = w.random.index(below: n)
            if k == w.i { return true }
            let r0 = w.y0 - old[2 * k], r1 = w.y1 - old[2 * k + 1]
            let rd2 = r0 * r0 + r1 * r1
            if rd2 > 0 {
                let coeff = 2 * gamma * b / ((0.001 + rd2) * (a * powf(rd2, b) + 1))
                w.y0 += clip(coeff * r0) * alpha
                w.y1 += clip(coeff * r1) * alpha
            } else {
                w.y0 += 4 * alpha
                w.y1 += 4 * alpha
            }
            return true
        }
        let epochF = Float(epoch)
        while w.edge < w.end, !(perSample[w.edge] > 0 && nextSample[w.edge] <= epochF) { w.edge += 1 }
        guard w.edge < w.end else { return false }
        let e = w.edge
        w.edge += 1
        let period = perSample[e]
        let j = Int(columns[e])
        let d0 = w.y0 - old[2 * j], d1 = w.y1 - old[2 * j + 1]
        let dist2 = d0 * d0 + d1 * d1
        if dist2 > 0 {
            let powB = powf(dist2, b)
            let coeff = -2 * a * b * (powB / dist2) / (a * powB + 1)
            w.y0 += 2 * clip(coeff * d0) * alpha
            w.y1 += 2 * clip(coeff * d1) * alpha
        }
        nextSample[e] += period
        let perNegative = period / negativeRate
        let negatives = max(Int((epochF - nextNegative[e]) / perNegative), 0)
        nextNegative[e] += Float(negatives) * perNegative
        w.negatives = negatives
        return true
    }

    /// The anchor pull, once per epoch, and the point's new position.
    @inline(__always)
    func finish(_ w: Walk) {
        var y0 = w.y0, y1 = w.y1
        if let anchor, anchorPull > 0 {
            y0 += anchorPull * (anchor[2 * w.i] - y0)
            y1 += anchorPull * (anchor[2 * w.i + 1] - y1)
        }
        y[2 * w.i] = y0
        y[2 * w.i + 1] = y1
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
