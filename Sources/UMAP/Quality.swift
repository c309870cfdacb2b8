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

    public init(data: [Float], n: Int, d: Int, layout: [Float], labels: [Int32], k: Int = 10, threads: Int = 2) {
        let high = nearestNeighbors(data, n: n, d: d, k: k, threads: threads)
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
        penalty.withUnsafeMutableBufferPointer { penalty in
            kept.withUnsafeMutableBufferPointer { kept in
                hits.withUnsafeMutableBufferPointer { hits in
                    parallelChunks(blocks, threads: threads) { range in
                        var dots = [Float](repeating: 0, count: block * n)
                        for b in range {
                            let lo = b * block, rows = min(block, n - lo)
                            var needsRow = false
                            for i in lo..<lo + rows {
                                let highSet = Set(high.indices[i * k..<(i + 1) * k])
                                for j in low.indices[i * k..<(i + 1) * k] {
                                    if highSet.contains(j) { kept[i] += 1 } else { needsRow = true }
                                    if labels[Int(j)] == labels[i] { hits[i] += 1 }
                                }
                            }
                            guard needsRow else { continue }
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                        Array(data[lo * d..<(lo + rows) * d]), Int32(d), data, Int32(d), 0, &dots, Int32(n))
                            for i in lo..<lo + rows {
                                let highSet = Set(high.indices[i * k..<(i + 1) * k])
                                let row = (i - lo) * n
                                for j in low.indices[i * k..<(i + 1) * k] where !highSet.contains(j) {
                                    let dij = norms[i] + norms[Int(j)] - 2 * dots[row + Int(j)]
                                    var rank = 1
                                    for m in 0..<n where m != i && norms[i] + norms[m] - 2 * dots[row + m] < dij { rank += 1 }
                                    penalty[i] += Double(rank - k)
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
