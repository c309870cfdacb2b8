import Support

/// UMAP's spectral initialization: the eigenvectors of the normalized graph Laplacian
/// L = I − D^(−1/2) W D^(−1/2) with the 2nd and 3rd smallest eigenvalues, i.e. the top
/// non-trivial eigenvectors of M = D^(−1/2) W D^(−1/2). They are found by subspace iteration
/// on (M + I)/2 with 6 vectors kept orthogonal to the trivial eigenvector √d, 300 sweeps and a
/// Rayleigh–Ritz step (umap-learn calls ARPACK/LOBPCG; this is the same eigenproblem, solved to
/// a looser tolerance, which only affects the starting point of the SGD). Returns nil when the
/// graph has more than one connected component — the caller then falls back to PCA.
public func spectralLayout(_ graph: FuzzyGraph, seed: UInt64) -> [Float]? {
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
    func apply(_ x: [Double], into y: inout [Double]) {
        for i in 0..<n {
            var acc = [Double](repeating: 0, count: p)
            for e in graph.rowStart[i]..<graph.rowStart[i + 1] {
                let j = Int(graph.columns[e]), w = Double(graph.weights[e]) * invSqrt[i] * invSqrt[j]
                for c in 0..<p { acc[c] += w * x[j * p + c] }
            }
            for c in 0..<p { y[i * p + c] = 0.5 * (acc[c] + x[i * p + c]) }
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
