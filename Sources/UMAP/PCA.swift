import COpenBLAS
import Support

/// Principal component analysis by randomized subspace iteration (Halko, Martinsson & Tropp
/// 2011): the data `[n, d]` is centred, a seeded Gaussian-like sketch of `width + 8` columns is
/// refined by 4 power iterations through XᵀX, and the top `width` directions come from the
/// eigen-decomposition of the small projected covariance. Returns the scores `[n, width]`
/// (the data in the new basis), largest variance first. Never forms the d×d covariance, so
/// conv-layer widths in the thousands cost O(n·d·width).
public func principalComponents(_ data: [Float], n: Int, d: Int, width: Int, seed: UInt64) -> [Float] {
    let r = min(width, d, n)
    let p = min(r + 8, d)
    var x = data
    for j in 0..<d {
        var mean = 0.0
        for i in 0..<n { mean += Double(x[i * d + j]) }
        let m = Float(mean / Double(n))
        for i in 0..<n { x[i * d + j] -= m }
    }
    var random = SeededRandom(seed: seed ^ 0x9CA)
    var omega = (0..<d * p).map { _ in Float(random.uniform(-1, 1)) }
    var y = [Float](repeating: 0, count: n * p)
    var q = [Double](repeating: 0, count: d * p)
    // omega ← orth(Xᵀ X omega), four times.
    for _ in 0..<4 {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(p), Int32(d), 1, x, Int32(d), omega, Int32(p), 0, &y, Int32(p))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(d), Int32(p), Int32(n), 1, x, Int32(d), y, Int32(p), 0, &omega, Int32(p))
        q = omega.map(Double.init)
        orthonormalizeColumns(&q, n: d, p: p)
        omega = q.map(Float.init)
    }
    // Scores in the sketch basis, then rotate to the principal axes of their covariance.
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(p), Int32(d), 1, x, Int32(d), omega, Int32(p), 0, &y, Int32(p))
    var cov = [Double](repeating: 0, count: p * p)
    for i in 0..<n { for a in 0..<p { let ya = Double(y[i * p + a]); for b in 0..<p { cov[a * p + b] += ya * Double(y[i * p + b]) } } }
    let (_, vectors) = symmetricEigen(cov, m: p)
    var scores = [Float](repeating: 0, count: n * r)
    for i in 0..<n {
        for c in 0..<r {
            let col = p - 1 - c
            var s = 0.0
            for a in 0..<p { s += Double(y[i * p + a]) * vectors[a * p + col] }
            scores[i * r + c] = Float(s)
        }
    }
    // Fix each component's sign (largest absolute score positive) so results are reproducible.
    for c in 0..<r {
        var best: Float = 0
        for i in 0..<n where abs(scores[i * r + c]) > abs(best) { best = scores[i * r + c] }
        if best < 0 { for i in 0..<n { scores[i * r + c] = -scores[i * r + c] } }
    }
    return scores
}
