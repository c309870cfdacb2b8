import COpenBLAS

/// How faithfully a 2-D layout `[n, 2]` keeps the neighbourhoods of the data `[n, d]`, all with
/// k = 10 by default:
/// - trustworthiness, scikit-learn's `trustworthiness` (Venna & Kaski 2001):
///   T = 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k), where Uᵢ holds the layout's k
///   nearest neighbours of i that are not among its k nearest in the data and r(i, j) is j's
///   rank among i's neighbours in the data (1 = nearest);
/// - kNN preservation: the mean fraction of each point's k nearest data neighbours that are
///   also among its k nearest layout neighbours;
/// - neighbourhood hit: the mean fraction of each point's k nearest layout neighbours that share
///   its label.
public struct LayoutQuality: Equatable, Sendable {
    public var trustworthiness: Double
    public var knnPreservation: Double
    public var neighborhoodHit: Double

    /// `dataNeighbors`: the data's exact Euclidean neighbours as `nearestNeighbors` returns them
    /// (at least `k` per point, nearest first, ties by index), when the caller already has them —
    /// their first `k` are then exactly what this would compute; nil: computed here.
    public init(data: [Float], n: Int, d: Int, layout: [Float], labels: [Int32], k: Int = 10, threads: Int = 2,
                dataNeighbors: NeighborGraph? = nil) {
        let high = dataNeighbors.map { $0.nearest(k) } ?? nearestNeighbors(data, n: n, d: d, k: k, threads: threads)
        let low = nearestNeighbors(layout, n: n, d: 2, k: k, threads: threads)
        let norms = squaredNorms(data, n: n, d: d)
        // Ranks in the data are needed only for layout neighbours missing from the data's kNN:
        // r(i, j) = 1 + #{m ≠ i : ‖xᵢ − xₘ‖ < ‖xᵢ − xⱼ‖}, counted over one row of distances.
        var penalty = [Double](repeating: 0, count: n)
        var kept = [Int](repeating: 0, count: n)
        var hits = [Int](repeating: 0, count: n)
        let block = 128
        let blocks = (n + block - 1) / block
        openblas_set_num_threads(1)
        data.withUnsafeBufferPointer { data in
        norms.withUnsafeBufferPointer { norms in
        high.indices.withUnsafeBufferPointer { high in
        low.indices.withUnsafeBufferPointer { low in
        penalty.withUnsafeMutableBufferPointer { penalty in
        kept.withUnsafeMutableBufferPointer { kept in
        hits.withUnsafeMutableBufferPointer { hits in
            parallelChunks(blocks, threads: threads) { range in
                var dots = [Float](repeating: 0, count: block * n)
                var row = [Float](repeating: 0, count: n)
                var missing = [Int](repeating: 0, count: block * k)
                var missingCount = [Int](repeating: 0, count: block)
                for b in range {
                    let lo = b * block, rows = min(block, n - lo)
                    var needsRow = false
                    for r in 0..<rows {
                        let i = lo + r
                        missingCount[r] = 0
                        let highRow = high.baseAddress! + i * k
                        for s in 0..<k {
                            let j = low[i * k + s]
                            if labels[Int(j)] == labels[i] { hits[i] += 1 }
                            if (0..<k).contains(where: { highRow[$0] == j }) { kept[i] += 1 } else {
                                missing[r * k + missingCount[r]] = Int(j)
                                missingCount[r] += 1
                                needsRow = true
                            }
                        }
                    }
                    guard needsRow else { continue }
                    dots.withUnsafeMutableBufferPointer { dots in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                    data.baseAddress! + lo * d, Int32(d), data.baseAddress!, Int32(d), 0, dots.baseAddress!, Int32(n))
                        row.withUnsafeMutableBufferPointer { row in
                            for r in 0..<rows where missingCount[r] > 0 {
                                let i = lo + r
                                squaredDistanceRow(i, dots: dots.baseAddress! + r * n, norms: norms, into: row)
                                for s in 0..<missingCount[r] {
                                    penalty[i] += Double(rankBelow(row[missing[r * k + s]], in: row) + 1 - k)
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
        }
        }
        }
        let nk = Double(n * k)
        trustworthiness = 1 - 2 / (nk * Double(2 * n - 3 * k - 1)) * penalty.reduce(0, +)
        knnPreservation = Double(kept.reduce(0, +)) / nk
        neighborhoodHit = Double(hits.reduce(0, +)) / nk
    }
}

/// Squared distances ‖xᵢ − xₘ‖² = ‖xᵢ‖² + ‖xₘ‖² − 2xᵢ·xₘ of point i to every point m, from one
/// row of dot products `[n]`; point i's own entry is +∞ so that it never counts as closer.
/// (The loops here are `while` loops: the compiler vectorizes them, not the `for … in 0..<n` form.)
@inline(__always)
private func squaredDistanceRow(_ i: Int, dots: UnsafeMutablePointer<Float>, norms: UnsafeBufferPointer<Float>,
                                into row: UnsafeMutableBufferPointer<Float>) {
    let ni = norms[i], n = row.count
    let out = row.baseAddress!, squared = norms.baseAddress!
    var m = 0
    while m < n { out[m] = ni + squared[m] - 2 * dots[m]; m &+= 1 }
    out[i] = .infinity
}

/// How many entries of `row` are strictly below `threshold`, branch-free (the comparisons go
/// either way at random, so a branch would be mispredicted half the time).
@inline(__always)
private func rankBelow(_ threshold: Float, in row: UnsafeMutableBufferPointer<Float>) -> Int {
    let values = row.baseAddress!, n = row.count
    var count = 0, m = 0
    while m < n { count &+= values[m] < threshold ? 1 : 0; m &+= 1 }
    return count
}

/// Mean displacement of the points between two aligned layouts `[n, 2]`, divided by the RMS
/// radius of `current` about its centroid (the contract's `movement`).
public func layoutMovement(from previous: [Float], to current: [Float]) -> Double {
    let n = current.count / 2
    guard n > 0 else { return 0 }
    var cx = 0.0, cy = 0.0
    for i in 0..<n { cx += Double(current[2 * i]); cy += Double(current[2 * i + 1]) }
    cx /= Double(n); cy /= Double(n)
    var radius = 0.0, moved = 0.0
    for i in 0..<n {
        let x = Double(current[2 * i]) - cx, y = Double(current[2 * i + 1]) - cy
        radius += x * x + y * y
        let dx = Double(current[2 * i] - previous[2 * i]), dy = Double(current[2 * i + 1] - previous[2 * i + 1])
        moved += (dx * dx + dy * dy).squareRoot()
    }
    let rms = (radius / Double(n)).squareRoot()
    return rms > 0 ? moved / Double(n) / rms : 0
}
