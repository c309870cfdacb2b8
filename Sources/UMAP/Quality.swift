import COpenBLAS
import Support

/// How faithfully a 2-D layout `[n, 2]` keeps the neighbourhoods of the data `[n, d]`, all with
/// k = 10 by default:
/// - trustworthiness, scikit-learn's `trustworthiness` (Venna & Kaski 2001):
///   T = 1 − 2/(n·k·(2n − 3k − 1)) · Σᵢ pᵢ, pᵢ = Σ_{j ∈ Uᵢ} (r(i, j) − k), where Uᵢ holds the
///   layout's k nearest neighbours of i that are not among its k nearest in the data and r(i, j)
///   is j's rank among i's neighbours in the data (1 = nearest);
/// - kNN preservation: the mean fraction of each point's k nearest data neighbours that are
///   also among its k nearest layout neighbours;
/// - neighbourhood hit: the mean fraction of each point's k nearest layout neighbours that share
///   its label.
///
/// Each point evaluated costs one row of distances in the data (one SGEMM per block of 64
/// points) and one in the layout, O(n·d). With `sample` m < n, only the m points of
/// `qualitySample(n:count:seed:)` are evaluated and every figure is estimated from them: the
/// means over points by the sample means, and Σᵢ pᵢ by (n/m)·Σ_{i ∈ S} pᵢ, so the cost is
/// O(m·n·d) instead of O(n²·d). The estimate's standard error, from the sample's own spread,
/// is `trustworthinessError` (0 when every point is evaluated).
public struct LayoutQuality: Equatable, Sendable {
    public var trustworthiness: Double
    public var knnPreservation: Double
    public var neighborhoodHit: Double
    /// How many points the figures were computed over (n: exact).
    public var points: Int
    /// The standard error of `trustworthiness` as an estimate:
    /// 2/(n·k·(2n − 3k − 1)) · n · s_p · √((1 − m/n)/m), s_p the sample's standard deviation of pᵢ.
    public var trustworthinessError: Double

    /// `sample`: evaluate at most this many points (nil: all); `seed` picks them.
    public init(data: [Float], n: Int, d: Int, layout: [Float], labels: [Int32], k: Int = 10, threads: Int = 2,
                sample: Int? = nil, seed: UInt64 = 0) {
        let points = qualitySample(n: n, count: sample ?? n, seed: seed)
        let m = points.count
        let norms = squaredNorms(data, n: n, d: d)
        var penalty = [Double](repeating: 0, count: m)
        var kept = [Int](repeating: 0, count: m)
        var hits = [Int](repeating: 0, count: m)
        let block = 64
        let blocks = (m + block - 1) / block
        openblas_set_num_threads(1)
        data.withUnsafeBufferPointer { data in
        layout.withUnsafeBufferPointer { layout in
        labels.withUnsafeBufferPointer { labels in
        norms.withUnsafeBufferPointer { norms in
        points.withUnsafeBufferPointer { points in
        penalty.withUnsafeMutableBufferPointer { penalty in
        kept.withUnsafeMutableBufferPointer { kept in
        hits.withUnsafeMutableBufferPointer { hits in
            parallelChunks(blocks, threads: threads) { range in
                var rowsData = [Float](repeating: 0, count: block * d)
                var dots = [Float](repeating: 0, count: block * n)
                var near = [Float](repeating: 0, count: n)
                var heap = BoundedHeap(capacity: k)
                var high = [Int32](repeating: 0, count: k), low = [Int32](repeating: 0, count: k)
                var unused = [Float](repeating: 0, count: k)
                for b in range {
                    let lo = b * block, rows = min(block, m - lo)
                    rowsData.withUnsafeMutableBufferPointer { rowsData in
                    dots.withUnsafeMutableBufferPointer { dots in
                    near.withUnsafeMutableBufferPointer { near in
                        for r in 0..<rows {
                            (rowsData.baseAddress! + r * d).update(from: data.baseAddress! + points[lo + r] * d, count: d)
                        }
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                    rowsData.baseAddress!, Int32(d), data.baseAddress!, Int32(d), 0, dots.baseAddress!, Int32(n))
                        for r in 0..<rows {
                            let s = lo + r, i = points[s]
                            let far = UnsafeMutableBufferPointer(start: dots.baseAddress! + r * n, count: n)
                            squaredDistanceRow(i, into: far, norms: norms)
                            layoutDistanceRow(i, layout: layout, into: near)
                            high.withUnsafeMutableBufferPointer { high in
                            low.withUnsafeMutableBufferPointer { low in
                            unused.withUnsafeMutableBufferPointer { unused in
                                heap.offer(far.baseAddress!, 0..<n)
                                heap.drainSorted(into: high.baseAddress!, unused.baseAddress!)
                                heap.offer(near.baseAddress!, 0..<n)
                                heap.drainSorted(into: low.baseAddress!, unused.baseAddress!)
                                for j in low {
                                    if labels[Int(j)] == labels[i] { hits[s] += 1 }
                                    if high.contains(j) { kept[s] += 1 } else {
                                        penalty[s] += Double(rankBelow(far[Int(j)], in: far) + 1 - k)
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
        }
        }
        }
        }
        }
        }
        let scale = 2 / (Double(n * k) * Double(2 * n - 3 * k - 1)) * Double(n)
        let meanPenalty = penalty.reduce(0, +) / Double(m)
        let variance = m > 1 ? penalty.reduce(0) { $0 + ($1 - meanPenalty) * ($1 - meanPenalty) } / Double(m - 1) : 0
        trustworthiness = 1 - scale * meanPenalty
        trustworthinessError = m < n ? scale * (variance * (1 - Double(m) / Double(n)) / Double(m)).squareRoot() : 0
        knnPreservation = Double(kept.reduce(0, +)) / Double(m * k)
        neighborhoodHit = Double(hits.reduce(0, +)) / Double(m * k)
        self.points = m
    }
}

/// The points the quality figures are computed over: all n when `count` ≥ n, else `count` of
/// them drawn without replacement by a partial Fisher–Yates shuffle seeded by `seed` (the same
/// points for every snapshot of a run), in ascending order.
public func qualitySample(n: Int, count: Int, seed: UInt64) -> [Int] {
    guard count < n else { return Array(0..<n) }
    var all = Array(0..<n)
    var random = SeededRandom(seed: seed ^ 0x5A3B_1E00)
    for i in 0..<count { all.swapAt(i, i + random.index(below: n - i)) }
    return all[0..<count].sorted()
}

/// Squared distances ‖xᵢ − xₘ‖² = ‖xᵢ‖² + ‖xₘ‖² − 2xᵢ·xₘ of point i to every point m, in place
/// of the row of dot products `[n]` that `row` holds; point i's own entry is +∞ so that it never
/// counts as closer. (The loops here are `while` loops: the compiler vectorizes them, not the
/// `for … in 0..<n` form.)
@inline(__always)
private func squaredDistanceRow(_ i: Int, into row: UnsafeMutableBufferPointer<Float>, norms: UnsafeBufferPointer<Float>) {
    let ni = norms[i], n = row.count
    let out = row.baseAddress!, squared = norms.baseAddress!
    var m = 0
    while m < n { out[m] = ni + squared[m] - 2 * out[m]; m &+= 1 }
    out[i] = .infinity
}

/// Squared distances of point i of a layout `[n, 2]` to every point, own entry +∞.
@inline(__always)
private func layoutDistanceRow(_ i: Int, layout: UnsafeBufferPointer<Float>, into row: UnsafeMutableBufferPointer<Float>) {
    let y = layout.baseAddress!, out = row.baseAddress!, n = row.count
    let x0 = y[2 * i], x1 = y[2 * i + 1]
    var m = 0
    while m < n {
        let d0 = x0 - y[2 * m], d1 = x1 - y[2 * m + 1]
        out[m] = d0 * d0 + d1 * d1
        m &+= 1
    }
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
