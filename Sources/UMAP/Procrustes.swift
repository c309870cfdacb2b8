import Foundation

/// Orthogonal Procrustes in 2-D: the rotation or reflection R and translation that bring
/// `layout` `[n, 2]` closest (least squares) to `reference` `[n, 2]`, applied to `layout`.
/// With both centred, R = U·Vᵀ from the SVD of layoutᵀ·reference (Schönemann 1966); the 2×2
/// SVD is done in closed form for the rotation and the reflection, keeping the better.
/// No scaling, so distances within the layout are unchanged.
public func procrustesAlign(_ layout: inout [Float], onto reference: [Float]) {
    let n = layout.count / 2
    guard n > 0, reference.count == layout.count else { return }
    var mx = (0.0, 0.0), my = (0.0, 0.0)
    for i in 0..<n {
        mx.0 += Double(layout[2 * i]); mx.1 += Double(layout[2 * i + 1])
        my.0 += Double(reference[2 * i]); my.1 += Double(reference[2 * i + 1])
    }
    mx = (mx.0 / Double(n), mx.1 / Double(n)); my = (my.0 / Double(n), my.1 / Double(n))
    // Cross-covariance H = Σ (x − mx)(y − my)ᵀ.
    var h = (0.0, 0.0, 0.0, 0.0)
    for i in 0..<n {
        let x0 = Double(layout[2 * i]) - mx.0, x1 = Double(layout[2 * i + 1]) - mx.1
        let y0 = Double(reference[2 * i]) - my.0, y1 = Double(reference[2 * i + 1]) - my.1
        h.0 += x0 * y0; h.1 += x0 * y1; h.2 += x1 * y0; h.3 += x1 * y1
    }
    // Best rotation by θ maximizes trace(Rᵀ-applied): x' = (x0 cos − x1 sin, x0 sin + x1 cos).
    let rotation = atan2(h.1 - h.2, h.0 + h.3)
    let rotationScore = (h.0 + h.3) * cos(rotation) + (h.1 - h.2) * sin(rotation)
    // Best reflection: x' = (x0 cos + x1 sin, x0 sin − x1 cos).
    let reflection = atan2(h.1 + h.2, h.0 - h.3)
    let reflectionScore = (h.0 - h.3) * cos(reflection) + (h.1 + h.2) * sin(reflection)
    let reflect = reflectionScore > rotationScore
    let t = reflect ? reflection : rotation
    let c = cos(t), s = sin(t)
    for i in 0..<n {
        let x0 = Double(layout[2 * i]) - mx.0, x1 = Double(layout[2 * i + 1]) - mx.1
        let out0 = reflect ? x0 * c + x1 * s : x0 * c - x1 * s
        let out1 = reflect ? x0 * s - x1 * c : x0 * s + x1 * c
        layout[2 * i] = Float(out0 + my.0)
        layout[2 * i + 1] = Float(out1 + my.1)
    }
}
