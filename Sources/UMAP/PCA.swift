import COpenBLAS
import Support

/// Principal component analysis by randomized subspace iteration (Halko, Martinsson & Tropp
/// 2011, "Finding structure with randomness", Algorithm 4.4): a basis Ω `[d, p]`, p = `width` + 8,
/// is refined by power iterations Ω ← orth(X_cᵀ X_c Ω) (Householder QR, LAPACK sgeqrf/sorgqr), and
/// the top `width` directions come from the eigen-decomposition of the small covariance
/// (X_c Ω)ᵀ(X_c Ω) `[p, p]` (Rayleigh–Ritz). Ω starts as a seeded uniform sketch refined 4 times
/// or, given `startingBasis` (the `basis` of an earlier call on related data of the same width,
/// such as the previous snapshot of the same layer), from that basis refined 2 times: the
/// subspace is tracked from snapshot to snapshot, which on the wide conv layer of
/// `bench/embed_wide.sh` is closer to the exact principal subspace than 4 iterations from a
/// random sketch (docs/umap.md), for 5 passes over the data instead of 9.
///
/// The data `[n, d]` (row-major) is never copied: centring is implicit. The column means of
/// Y = XΩ are μᵀΩ, so subtracting them gives Y_c = X_cΩ; and since 1ᵀY_c = 0,
/// X_cᵀY_c = XᵀY_c. Each pass over X is a single-threaded SGEMM per block of 256 rows (XΩ) or
/// 256 columns (XᵀY) of X, the blocks shared among `threads` worker threads; the blocks are
/// fixed and no two write the same output, so the result does not depend on the thread count.
/// (OpenBLAS's own threads spin while they wait, which costs CPU time when the cores are
/// shared.) Cost O(n·d·width); memory O((n + d)·width).
public func principalComponents(_ data: [Float], n: Int, d: Int, width: Int, seed: UInt64, threads: Int = 2,
                                startingBasis: [Float]? = nil) -> PrincipalComponents {
    let r = min(width, d, n)
    let p = min(r + 8, d)
    openblas_set_num_threads(1)
    // Ω stored column-major `[d, p]` (= row-major Ωᵀ `[p, d]`), the layout LAPACK's QR takes.
    var omega: [Float]
    let iterations: Int
    if let startingBasis, startingBasis.count == d * p {
        omega = startingBasis
        iterations = 2
    } else {
        var random = SeededRandom(seed: seed ^ 0x9CA)
        omega = (0..<d * p).map { _ in Float(random.uniform(-1, 1)) }
        iterations = 4
    }
    var y = [Float](repeating: 0, count: n * p)
    let sketch = Sketch(n: n, d: d, p: p, threads: threads)
    data.withUnsafeBufferPointer { x in
        for _ in 0..<iterations {
            sketch.project(x, omega, into: &y)
            sketch.backProject(x, y, into: &omega)
            orthonormalizeColumnMajor(&omega, rows: d, columns: p)
        }
        sketch.project(x, omega, into: &y)
    }
    // Rayleigh–Ritz in double precision: C = Y_cᵀY_c `[p, p]`, its eigenvectors W, scores Y_c·W.
    let yd = y.map(Double.init)
    var cov = [Double](repeating: 0, count: p * p)
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, Int32(p), Int32(n), 1, yd, Int32(p), 0, &cov, Int32(p))
    for a in 0..<p { for b in 0..<a { cov[a * p + b] = cov[b * p + a] } }
    let (_, vectors) = symmetricEigen(cov, m: p)
    // The top r eigenvectors (eigenvalues come ascending), as the columns of `[p, r]`.
    var top = [Double](repeating: 0, count: p * r)
    for a in 0..<p { for c in 0..<r { top[a * r + c] = vectors[a * p + p - 1 - c] } }
    var scores = [Double](repeating: 0, count: n * r)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(r), Int32(p), 1, yd, Int32(p), top, Int32(r),
                0, &scores, Int32(r))
    return PrincipalComponents(scores: signFixed(scores, n: n, r: r), basis: omega)
}

/// What `principalComponents` returns.
public struct PrincipalComponents {
    /// The centred data in the principal basis `[n, width]`, largest variance first, each
    /// component's sign fixed so that its largest absolute score is positive.
    public var scores: [Float]
    /// The orthonormal basis Ω `[d, width + 8]` (column-major) the iteration ended on, to start
    /// the next related call from.
    public var basis: [Float]
}

/// The two products of the subspace iteration over one data matrix X `[n, d]` (row-major) and
/// a basis Ω `[d, p]` (column-major), block by block on `threads` workers.
private struct Sketch {
    static let block = 256
    let n: Int, d: Int, p: Int, threads: Int

    /// y ← X·Ω `[n, p]` (row-major), then each column's mean removed (so y = X_c·Ω); one SGEMM
    /// per block of rows.
    func project(_ x: UnsafeBufferPointer<Float>, _ omega: [Float], into y: inout [Float]) {
        let (n, d, p) = (self.n, self.d, self.p)
        omega.withUnsafeBufferPointer { omega in
            y.withUnsafeMutableBufferPointer { y in
                forEachBlock(of: n) { lo, rows in
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(p), Int32(d), 1,
                                x.baseAddress! + lo * d, Int32(d), omega.baseAddress, Int32(d), 0,
                                y.baseAddress! + lo * p, Int32(p))
                }
            }
        }
        centreColumns(&y, rows: n, columns: p)
    }

    /// omega ← Xᵀ·y `[d, p]` (column-major), i.e. the row-major product yᵀ·X `[p, d]`; one SGEMM
    /// per block of columns of X.
    func backProject(_ x: UnsafeBufferPointer<Float>, _ y: [Float], into omega: inout [Float]) {
        let (n, d, p) = (self.n, self.d, self.p)
        y.withUnsafeBufferPointer { y in
            omega.withUnsafeMutableBufferPointer { omega in
                forEachBlock(of: d) { lo, columns in
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(p), Int32(columns), Int32(n), 1,
                                y.baseAddress, Int32(p), x.baseAddress! + lo, Int32(d), 0,
                                omega.baseAddress! + lo, Int32(d))
                }
            }
        }
    }

    /// Calls `body(start, size)` for every block of `Self.block` of `0..<count`, on the workers.
    private func forEachBlock(of count: Int, _ body: (Int, Int) -> Void) {
        let blocks = (count + Self.block - 1) / Self.block
        parallelChunks(blocks, threads: threads) { range in
            for b in range { body(b * Self.block, min(Self.block, count - b * Self.block)) }
        }
    }
}

/// Subtracts each column's mean from a row-major matrix `[rows, columns]`, row by row.
private func centreColumns(_ m: inout [Float], rows: Int, columns: Int) {
    var sums = [Double](repeating: 0, count: columns)
    m.withUnsafeMutableBufferPointer { m in
        for i in 0..<rows { for c in 0..<columns { sums[c] += Double(m[i * columns + c]) } }
        let means = sums.map { Float($0 / Double(max(rows, 1))) }
        for i in 0..<rows { for c in 0..<columns { m[i * columns + c] -= means[c] } }
    }
}

/// Replaces the columns of a column-major matrix `[rows, columns]` (rows ≥ columns) by an
/// orthonormal basis of their span: Q of its Householder QR (LAPACK sgeqrf, sorgqr).
private func orthonormalizeColumnMajor(_ a: inout [Float], rows: Int, columns: Int) {
    var m = Int32(rows), k = Int32(columns), lda = Int32(rows), info: Int32 = 0
    var tau = [Float](repeating: 0, count: columns)
    var query: Float = 0, lwork: Int32 = -1
    sgeqrf_(&m, &k, &a, &lda, &tau, &query, &lwork, &info)
    var orgQuery: Float = 0
    sorgqr_(&m, &k, &k, &a, &lda, &tau, &orgQuery, &lwork, &info)
    lwork = Int32(max(query, orgQuery, Float(columns)))
    var work = [Float](repeating: 0, count: Int(lwork))
    sgeqrf_(&m, &k, &a, &lda, &tau, &work, &lwork, &info)
    sorgqr_(&m, &k, &k, &a, &lda, &tau, &work, &lwork, &info)
}

/// The scores `[n, r]` as Float, each column negated if needed so that its largest absolute
/// value (the first, on ties) is positive, which makes the result independent of the signs the
/// eigensolver happened to pick.
private func signFixed(_ scores: [Double], n: Int, r: Int) -> [Float] {
    var best = [Double](repeating: 0, count: r)
    for i in 0..<n { for c in 0..<r where abs(scores[i * r + c]) > abs(best[c]) { best[c] = scores[i * r + c] } }
    var out = [Float](repeating: 0, count: n * r)
    for i in 0..<n { for c in 0..<r { out[i * r + c] = Float(best[c] < 0 ? -scores[i * r + c] : scores[i * r + c]) } }
    return out
}
