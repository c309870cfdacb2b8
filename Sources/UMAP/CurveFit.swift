import Foundation

/// The a, b of UMAP's low-dimensional similarity 1 / (1 + a·d^(2b)), fitted by least squares
/// (Gauss–Newton with step halving) to the target curve f(d) = 1 for d < min_dist and
/// exp(−(d − min_dist)/spread) beyond, on 300 points over [0, 3·spread] — the curve umap-learn
/// fits with scipy's curve_fit. min_dist 0.1, spread 1 gives a ≈ 1.577, b ≈ 0.895.
public func fitCurve(minDist: Double, spread: Double) -> (a: Double, b: Double) {
    let xs = (0..<300).map { 3 * spread * Double($0) / 299 }
    let ys = xs.map { $0 < minDist ? 1 : exp(-($0 - minDist) / spread) }
    func residuals(_ a: Double, _ b: Double) -> Double {
        zip(xs, ys).reduce(0) { s, p in
            let f = 1 / (1 + a * pow(p.0, 2 * b))
            return s + (f - p.1) * (f - p.1)
        }
    }
    var a = 1.0, b = 1.0
    var error = residuals(a, b)
    for _ in 0..<200 {
        // Normal equations of the 2-parameter problem.
        var jtj = (0.0, 0.0, 0.0), jtr = (0.0, 0.0)
        for (x, y) in zip(xs, ys) where x > 0 {
            let p = pow(x, 2 * b), f = 1 / (1 + a * p)
            let da = -p * f * f, db = -a * p * 2 * log(x) * f * f
            let r = f - y
            jtj.0 += da * da; jtj.1 += da * db; jtj.2 += db * db
            jtr.0 += da * r; jtr.1 += db * r
        }
        let det = jtj.0 * jtj.2 - jtj.1 * jtj.1
        guard abs(det) > 1e-300 else { break }
        let stepA = (jtj.2 * jtr.0 - jtj.1 * jtr.1) / det, stepB = (jtj.0 * jtr.1 - jtj.1 * jtr.0) / det
        var scale = 1.0, improved = false
        while scale > 1e-6 {
            let na = a - scale * stepA, nb = b - scale * stepB
            let e = na > 0 && nb > 0 ? residuals(na, nb) : .infinity
            if e < error { a = na; b = nb; improved = error - e > 1e-15; error = e; break }
            scale /= 2
        }
        if !improved { break }
    }
    return (a, b)
}
