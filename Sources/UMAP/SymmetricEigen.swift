import COpenBLAS

/// Eigen-decomposition of a small dense symmetric matrix `a` `[m, m]` (row-major) by LAPACK's
/// dsyevr: eigenvalues ascending and eigenvectors as the columns of a row-major `[m, m]` matrix.
func symmetricEigen(_ a: [Double], m: Int) -> (values: [Double], vectors: [Double]) {
    var matrix = a
    var n = Int32(m), lda = Int32(m), ldz = Int32(m)
    var found: Int32 = 0, info: Int32 = 0
    var vl = 0.0, vu = 0.0, abstol = 0.0
    var il: Int32 = 1, iu = Int32(m)
    var w = [Double](repeating: 0, count: m)
    var z = [Double](repeating: 0, count: m * m)
    var support = [Int32](repeating: 0, count: 2 * m)
    var lwork: Int32 = -1, liwork: Int32 = -1
    var workSize = 0.0
    var iworkSize: Int32 = 0
    var jobz = Int8(UInt8(ascii: "V")), range = Int8(UInt8(ascii: "A")), uplo = Int8(UInt8(ascii: "U"))
    dsyevr_(&jobz, &range, &uplo, &n, &matrix, &lda, &vl, &vu, &il, &iu, &abstol, &found, &w, &z, &ldz,
            &support, &workSize, &lwork, &iworkSize, &liwork, &info)
    lwork = Int32(workSize)
    liwork = iworkSize
    var work = [Double](repeating: 0, count: Int(lwork))
    var iwork = [Int32](repeating: 0, count: Int(liwork))
    dsyevr_(&jobz, &range, &uplo, &n, &matrix, &lda, &vl, &vu, &il, &iu, &abstol, &found, &w, &z, &ldz,
            &support, &work, &lwork, &iwork, &liwork, &info)
    // LAPACK is column-major: z holds eigenvector j in column j, i.e. row j of the transpose.
    var vectors = [Double](repeating: 0, count: m * m)
    for j in 0..<m { for i in 0..<m { vectors[i * m + j] = z[j * m + i] } }
    return (w, vectors)
}

/// Orthonormalizes the `p` columns of `v` `[n, p]` (row-major) in place by modified
/// Gram–Schmidt, after projecting out the unit vectors `against` (each `[n]`).
func orthonormalizeColumns(_ v: inout [Double], n: Int, p: Int, against: [[Double]] = []) {
    v.withUnsafeMutableBufferPointer { v in
        let v = v.baseAddress!
        for c in 0..<p {
            for u in against {
                u.withUnsafeBufferPointer { u in subtractProjection(v + c, onto: u.baseAddress!, stride: 1, n: n, p: p) }
            }
            for prev in 0..<c { subtractProjection(v + c, onto: v + prev, stride: p, n: n, p: p) }
            var norm = 0.0, i = 0
            while i < n { norm += v[i * p + c] * v[i * p + c]; i &+= 1 }
            let inv = norm > 0 ? 1 / norm.squareRoot() : 0
            i = 0
            while i < n { v[i * p + c] *= inv; i &+= 1 }
        }
    }
}

/// column −= (column · u) u, for a column of a row-major `[n, p]` matrix (elements `p` apart)
/// and a unit vector u whose elements are `stride` apart.
@inline(__always)
private func subtractProjection(_ column: UnsafeMutablePointer<Double>, onto u: UnsafePointer<Double>, stride: Int, n: Int, p: Int) {
    var dot = 0.0, i = 0
    while i < n { dot += column[i * p] * u[i * stride]; i &+= 1 }
    i = 0
    while i < n { column[i * p] -= dot * u[i * stride]; i &+= 1 }
}
