import Support

/// UMAP's spectral initialization: the eigenvectors of the normalized graph Laplacian
/// L = I − D^(−1/2) W D^(−1/2) with the 2nd and 3rd smallest eigenvalues, i.e. the top
/// non-trivial eigenvectors of M = D^(−1/2) W D^(−1/2). They are found by subspace iteration
/// on (M + I)/2 with 6 vectors kept orthogonal to the trivial eigenvector √d, 300 sweeps and a
/// Rayleigh–Ritz step (umap-learn calls ARPACK/LOBPCG; this is the same eigenproblem, solved to
/// a looser tolerance, which only affects the starting point of the SGD). Returns nil when the
/// graph has more than one connected component — the caller then falls back to PCA. The sweeps
/// split fixed ranges of rows across `threads` workers; each row's sums run in edge order
/// whatever the split, so the layout does not depend on the thread count.
public func spectralLayout(_ graph: FuzzyGraph, seed: UInt64, threads: Int = 2) -> [Float]? {
    let n = graph.n
    guard n > 3, graph.componentCount == 1 else { return nil }
    var degree = [Double](repeating: 0, count: n)
    for i in 0..<n { for e in graph.rowStart[i]..<graph.rowStart[i + 1] { degree[i] += Double(graph.weights[e]) } }
    let invSqrt = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
    var trivial = degree.map { $0.squareRoot() }
    let norm = trivial.reduce(0) { $0 + $1 * $1 }.squareRoot()
    trivial = trivial.map { $0 / norm }
    let p = 6
    var random = SeededRandom(seed: seed ^ 0x5EC7_0A1)
    var v = (0..<n * p).map { _ in random.uniform(-1, 1) }
    orthonormalizeColumns(&v, n: n, p: p, against: [trivial])
    var next = [Double](repeating: 0, count: n * p)
    // wᵢⱼ/√(dᵢdⱼ) per edge, so that a sweep is one pass over the CSR arrays.
    var normalized = [Double](repeating: 0, count: graph.edgeCount)
    for i in 0..<n { for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
        normalized[e] = Double(graph.weights[e]) * invSqrt[i] * invSqrt[Int(graph.columns[e])]
    } }
    func apply(_ x: [Double], into y: inout [Double]) {
        x.withUnsafeBufferPointer { x in
        y.withUnsafeMutableBufferPointer { y in
        normalized.withUnsafeBufferPointer { normalized in
        graph.rowStart.withUnsafeBufferPointer { rowStart in
        graph.columns.withUnsafeBufferPointer { columns in
            parallelChunks(n, threads: threads) { rows in
                applyHalfShifted(rows, p: p, x: x, y: y, rowStart: rowStart, columns: columns, normalized: normalized)
            }
        }
        }
        }
        }
        }
    }
    for _ in 0..<300 {
        apply(v, into: &next)
        swap(&v, &next)
        orthonormalizeColumns(&v, n: n, p: p, against: [trivial])
    }
    // Rayleigh–Ritz: the p×p projection of the operator, and its top two eigenvectors.
    apply(v, into: &next)
    var small = [Double](repeating: 0, count: p * p)
    for a in 0..<p { for b in 0..<p {
        var s = 0.0
        for i in 0..<n { s += v[i * p + a] * next[i * p + b] }
        small[a * p + b] = s
    } }
    for a in 0..<p { for b in 0..<a { let m = (small[a * p + b] + small[b * p + a]) / 2; small[a * p + b] = m; small[b * p + a] = m } }
    let (_, vectors) = symmetricEigen(small, m: p)
    var layout = [Float](repeating: 0, count: n * 2)
    for i in 0..<n {
        for (out, col) in [(0, p - 1), (1, p - 2)] {
            var s = 0.0
            for c in 0..<p { s += v[i * p + c] * vectors[c * p + col] }
            layout[i * 2 + out] = Float(s)
        }
    }
    return layout
}

/// Rows `rows` of y = (M + I)/2 · x for x, y `[n, p]` (row-major), M given in CSR form by
/// `rowStart`, `columns` and the normalized weights wᵢⱼ/√(dᵢdⱼ); each row's sums run over its
/// edges in order.
private func applyHalfShifted(_ rows: Range<Int>, p: Int, x: UnsafeBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>,
                              rowStart: UnsafeBufferPointer<Int>, columns: UnsafeBufferPointer<Int32>,
                              normalized: UnsafeBufferPointer<Double>) {
    withUnsafeTemporaryAllocation(of: Double.self, capacity: p) { acc in
        for i in rows {
            for c in 0..<p { acc[c] = 0 }
            for e in rowStart[i]..<rowStart[i + 1] {
                let row = Int(columns[e]) * p, w = normalized[e]
                for c in 0..<p { acc[c] += w * x[row + c] }
            }
            for c in 0..<p { y[i * p + c] = 0.5 * (acc[c] + x[i * p + c]) }
        }
    }
}
