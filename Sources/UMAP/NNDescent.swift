import Support

/// Approximate k nearest neighbours by NN-descent (Dong, Moses & Li 2011, "Efficient k-nearest
/// neighbor graph construction for generic similarity measures"), started from the leaves of a
/// few random-projection trees (Dasgupta & Freund 2008), as pynndescent does for umap-learn.
/// Each round joins every point's new neighbours with each other and with its old ones (and the
/// reverse lists), keeping the k best per point; it stops when a round improves fewer than
/// δ·n·k entries (δ = 0.001) or after 12 rounds. Single-threaded and seeded: deterministic.
/// Returns the same shape as `nearestNeighbors`: `[n, k]`, nearest first.
public func approximateNeighbors(_ data: [Float], n: Int, d: Int, k: Int, metric: UMAPOptions.Metric = .euclidean,
                                 seed: UInt64 = 0, trees: Int = 6, leafSize: Int = 30) -> NeighborGraph {
    var x = data
    if metric == .cosine { normalizeRows(&x, n: n, d: d) }
    var heaps = NeighborHeaps(n: n, k: k)
    var random = SeededRandom(seed: seed ^ 0x0DE5_CE27)
    x.withUnsafeBufferPointer { xs in
        let base = xs.baseAddress!
        @inline(__always) func distance(_ a: Int, _ b: Int) -> Float {
            let p = base + a * d, q = base + b * d
            var s: Float = 0
            for j in 0..<d { let t = p[j] - q[j]; s += t * t }
            return s
        }
        // Random-projection forest: every pair within a leaf is a first guess.
        for _ in 0..<trees {
            for leaf in randomProjectionLeaves(base, n: n, d: d, leafSize: max(leafSize, k + 1), random: &random) {
                for (s, a) in leaf.enumerated() {
                    for b in leaf[(s + 1)...] {
                        let dist = distance(a, b)
                        heaps.push(a, b, dist)
                        heaps.push(b, a, dist)
                    }
                }
            }
        }
        // Fill points the forest left short with random neighbours.
        for i in 0..<n {
            while heaps.filled(i) < k {
                let j = random.index(below: n)
                if j != i { heaps.push(i, j, distance(i, j)) }
            }
        }
        for _ in 0..<12 {
            let (fresh, old) = heaps.candidates(random: &random)
            var updates = 0
            for i in 0..<n {
                let newList = fresh[i], oldList = old[i]
                for (s, a) in newList.enumerated() {
                    for b in newList[(s + 1)...] where a != b {
                        let dist = distance(a, b)
                        updates += heaps.push(a, b, dist) + heaps.push(b, a, dist)
                    }
                    for b in oldList where a != b {
                        let dist = distance(a, b)
                        updates += heaps.push(a, b, dist) + heaps.push(b, a, dist)
                    }
                }
            }
            if Double(updates) < 0.001 * Double(n * k) { break }
        }
    }
    var graph = heaps.sorted()
    for i in graph.distances.indices {
        graph.distances[i] = metric == .cosine ? graph.distances[i] / 2 : graph.distances[i].squareRoot()
    }
    return graph
}

/// Leaves of one random-projection tree: each split is the hyperplane halfway between two
/// random points of the node, perpendicular to their difference; a split that leaves one side
/// empty falls back to a random halving.
func randomProjectionLeaves(_ x: UnsafePointer<Float>, n: Int, d: Int, leafSize: Int, random: inout SeededRandom) -> [[Int]] {
    var leaves: [[Int]] = []
    var stack: [[Int]] = [Array(0..<n)]
    while let node = stack.popLast() {
        if node.count <= leafSize { leaves.append(node); continue }
        let a = node[random.index(below: node.count)]
        var b = node[random.index(below: node.count)]
        if a == b { b = node[(node.firstIndex(of: a)! + 1) % node.count] }
        var normal = [Float](repeating: 0, count: d)
        var offset: Float = 0
        for j in 0..<d {
            normal[j] = x[a * d + j] - x[b * d + j]
            offset -= normal[j] * (x[a * d + j] + x[b * d + j]) / 2
        }
        var left: [Int] = [], right: [Int] = []
        for i in node {
            var s = offset
            for j in 0..<d { s += normal[j] * x[i * d + j] }
            if s > 0 { left.append(i) } else if s < 0 { right.append(i) } else if random.index(below: 2) == 0 { left.append(i) } else { right.append(i) }
        }
        if left.isEmpty || right.isEmpty {
            var shuffled = node
            random.shuffle(&shuffled)
            left = Array(shuffled[..<(node.count / 2)])
            right = Array(shuffled[(node.count / 2)...])
        }
        stack.append(left)
        stack.append(right)
    }
    return leaves
}

/// Per-point bounded max-heaps of (squared distance, neighbour, is-new flag), `[n, k]`.
struct NeighborHeaps {
    let n: Int, k: Int
    var distances: [Float]
    var ids: [Int32]
    var isNew: [Bool]

    init(n: Int, k: Int) {
        self.n = n
        self.k = k
        distances = [Float](repeating: .infinity, count: n * k)
        ids = [Int32](repeating: -1, count: n * k)
        isNew = [Bool](repeating: true, count: n * k)
    }

    func filled(_ i: Int) -> Int { (0..<k).filter { ids[i * k + $0] >= 0 }.count }

    /// Offers j as a neighbour of i; returns 1 when the heap changed.
    @discardableResult
    mutating func push(_ i: Int, _ j: Int, _ dist: Float) -> Int {
        let base = i * k
        guard dist < distances[base] else { return 0 }
        for s in 0..<k where ids[base + s] == Int32(j) { return 0 }
        distances[base] = dist
        ids[base] = Int32(j)
        isNew[base] = true
        var p = 0
        while true {
            let l = 2 * p + 1, r = l + 1
            var m = p
            if l < k, distances[base + l] > distances[base + m] { m = l }
            if r < k, distances[base + r] > distances[base + m] { m = r }
            if m == p { break }
            distances.swapAt(base + p, base + m)
            ids.swapAt(base + p, base + m)
            isNew.swapAt(base + p, base + m)
            p = m
        }
        return 1
    }

    /// The new and old candidate lists of every point, each including reverse neighbours
    /// (capped at k, sampled in a seeded order); new entries are marked old.
    mutating func candidates(random: inout SeededRandom) -> (fresh: [[Int]], old: [[Int]]) {
        var fresh = [[Int]](repeating: [], count: n), old = [[Int]](repeating: [], count: n)
        var reverseFresh = [[Int]](repeating: [], count: n), reverseOld = [[Int]](repeating: [], count: n)
        for i in 0..<n {
            for s in 0..<k {
                let j = Int(ids[i * k + s])
                guard j >= 0 else { continue }
                if isNew[i * k + s] {
                    fresh[i].append(j); reverseFresh[j].append(i)
                    isNew[i * k + s] = false
                } else {
                    old[i].append(j); reverseOld[j].append(i)
                }
            }
        }
        for i in 0..<n {
            random.shuffle(&reverseFresh[i])
            random.shuffle(&reverseOld[i])
            fresh[i] += reverseFresh[i].prefix(k)
            old[i] += reverseOld[i].prefix(k)
        }
        return (fresh, old)
    }

    /// The heaps as a neighbour graph, each row sorted nearest first.
    func sorted() -> NeighborGraph {
        var indices = [Int32](repeating: 0, count: n * k), out = [Float](repeating: 0, count: n * k)
        for i in 0..<n {
            let order = (0..<k).sorted { (distances[i * k + $0], ids[i * k + $0]) < (distances[i * k + $1], ids[i * k + $1]) }
            for (r, s) in order.enumerated() { indices[i * k + r] = ids[i * k + s]; out[i * k + r] = distances[i * k + s] }
        }
        return NeighborGraph(n: n, k: k, indices: indices, distances: out)
    }
}

/// Scales every row of `x` `[n, d]` to unit length (zero rows stay zero).
func normalizeRows(_ x: inout [Float], n: Int, d: Int) {
    for i in 0..<n {
        var s: Float = 0
        for j in 0..<d { s += x[i * d + j] * x[i * d + j] }
        let inv = s > 0 ? 1 / s.squareRoot() : 0
        for j in 0..<d { x[i * d + j] *= inv }
    }
}
