import Foundation

/// Per-point scale of the fuzzy neighbourhood (umap-learn's `smooth_knn_dist`): ρᵢ is the
/// distance to the nearest neighbour (interpolated by `local_connectivity`), and σᵢ is found by
/// bisection (64 steps, tolerance 1e-5) so that Σⱼ exp(−max(0, dᵢⱼ − ρᵢ)/σᵢ) = log₂(k + 1),
/// where k + 1 counts the point itself as umap-learn's `n_neighbors` does. σᵢ is floored at
/// 1e-3 × the mean neighbour distance (of the point, or of all points when ρᵢ = 0).
public func smoothKNNDistances(_ graph: NeighborGraph, localConnectivity: Double = 1) -> (rho: [Float], sigma: [Float]) {
    let n = graph.n, k = graph.k
    let target = log2(Double(k + 1))
    var rho = [Float](repeating: 0, count: n), sigma = [Float](repeating: 0, count: n)
    let meanAll = graph.distances.reduce(0) { $0 + Double($1) } / Double(max(1, graph.distances.count))
    for i in 0..<n {
        let row = graph.distances[i * k..<(i + 1) * k].map(Double.init)
        let nonZero = row.filter { $0 > 0 }
        var r = 0.0
        if Double(nonZero.count) >= localConnectivity {
            let index = Int(localConnectivity.rounded(.down)), fraction = localConnectivity - Double(index)
            if index > 0 {
                r = nonZero[index - 1]
                if fraction > 1e-5 { r += fraction * (nonZero[index] - nonZero[index - 1]) }
            } else {
                r = fraction * nonZero[0]
            }
        } else if let top = nonZero.max() {
            r = top
        }
        var lo = 0.0, hi = Double.infinity, mid = 1.0
        for _ in 0..<64 {
            var sum = 0.0
            for d in row { sum += d - r > 0 ? exp(-(d - r) / mid) : 1 }
            if abs(sum - target) < 1e-5 { break }
            if sum > target { hi = mid; mid = (lo + hi) / 2 } else {
                lo = mid
                mid = hi.isInfinite ? mid * 2 : (lo + hi) / 2
            }
        }
        let floor = 1e-3 * (r > 0 ? row.reduce(0, +) / Double(k) : meanAll)
        rho[i] = Float(r)
        sigma[i] = Float(max(mid, floor))
    }
    return (rho, sigma)
}
