import Foundation

/// The symmetric fuzzy simplicial set of UMAP as a sparse matrix in CSR form (row = head).
/// Directed memberships wᵢⱼ = exp(−max(0, dᵢⱼ − ρᵢ)/σᵢ) are combined as
/// mix·(W + Wᵀ − W∘Wᵀ) + (1 − mix)·(W∘Wᵀ) (`set_op_mix_ratio`; 1 is the fuzzy union).
/// Both directions of every edge are stored, so `rowStart[i]..<rowStart[i+1]` lists all of
/// point i's edges.
public struct FuzzyGraph: Equatable, Sendable {
    public let n: Int
    public var rowStart: [Int]
    public var columns: [Int32]
    public var weights: [Float]

    public var edgeCount: Int { columns.count }

    /// Builds the graph from exact or approximate neighbours.
    public init(neighbors: NeighborGraph, setOpMixRatio: Double = 1, localConnectivity: Double = 1) {
        let (rho, sigma) = smoothKNNDistances(neighbors, localConnectivity: localConnectivity)
        let n = neighbors.n, k = neighbors.k
        // Directed memberships, keyed by (row, column).
        var directed = [Int64: Float](minimumCapacity: n * k)
        for i in 0..<n {
            for s in 0..<k {
                let j = Int(neighbors.indices[i * k + s])
                guard j != i else { continue }
                let d = neighbors.distances[i * k + s] - rho[i]
                let w: Float = (d <= 0 || sigma[i] == 0) ? 1 : Float(exp(-Double(d) / Double(sigma[i])))
                directed[Int64(i) * Int64(n) + Int64(j)] = w
            }
        }
        var rows = [[(Int32, Float)]](repeating: [], count: n)
        let mix = Float(setOpMixRatio)
        for (key, w) in directed {
            let i = Int(key / Int64(n)), j = Int(key % Int64(n))
            let t = directed[Int64(j) * Int64(n) + Int64(i)] ?? 0
            let combined = mix * (w + t - w * t) + (1 - mix) * w * t
            if combined > 0 { rows[i].append((Int32(j), combined)) }
            if t == 0, combined > 0 { rows[j].append((Int32(i), combined)) }
        }
        self.n = n
        rowStart = [0]
        columns = []
        weights = []
        for i in 0..<n {
            for (j, w) in rows[i].sorted(by: { $0.0 < $1.0 }) {
                columns.append(j)
                weights.append(w)
            }
            rowStart.append(columns.count)
        }
    }

    /// The weight of edge (i, j), or 0.
    public func weight(_ i: Int, _ j: Int) -> Float {
        for e in rowStart[i]..<rowStart[i + 1] where columns[e] == Int32(j) { return weights[e] }
        return 0
    }

    /// Number of connected components (union–find over the edges).
    public var componentCount: Int {
        var parent = Array(0..<n)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for i in 0..<n {
            for e in rowStart[i]..<rowStart[i + 1] {
                let a = find(i), b = find(Int(columns[e]))
                if a != b { parent[a] = b }
            }
        }
        return Set((0..<n).map(find)).count
    }
}
