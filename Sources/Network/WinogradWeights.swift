// Winograd F(2×2, 3×3), the filter transform U = G g Gᵀ and its adjoint (the algorithm: WinogradGeometry.swift).

/// U = G g Gᵀ for every filter: `weight` `[O, C, 3, 3]` into `u` `[16, O, C]`.
func winogradWeights(_ weight: UnsafePointer<Float>, outChannels: Int, channels: Int, _ u: UnsafeMutablePointer<Float>) {
    let plane = outChannels * channels
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 12) { r in
        for f in 0..<plane {
            let g = weight + 9 * f
            // Rows: G g (4×3).
            for j in 0..<3 {
                let g0 = g[j], g1 = g[3 + j], g2 = g[6 + j]
                r[j] = g0
                r[3 + j] = 0.5 * (g0 + g1 + g2)
                r[6 + j] = 0.5 * (g0 - g1 + g2)
                r[9 + j] = g2
            }
            // Columns: (G g) Gᵀ (4×4).
            for i in 0..<4 {
                let g0 = r[3 * i], g1 = r[3 * i + 1], g2 = r[3 * i + 2]
                u[(4 * i) * plane + f] = g0
                u[(4 * i + 1) * plane + f] = 0.5 * (g0 + g1 + g2)
                u[(4 * i + 2) * plane + f] = 0.5 * (g0 - g1 + g2)
                u[(4 * i + 3) * plane + f] = g2
            }
        }
    }
}

/// dg += Gᵀ dU G for every filter: `du` `[16, O, C]` added into `weightGradient` `[O, C, 3, 3]`.
func winogradWeightsAdjoint(_ du: UnsafePointer<Float>, outChannels: Int, channels: Int,
                            _ weightGradient: UnsafeMutablePointer<Float>) {
    let plane = outChannels * channels
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 12) { r in
        for f in 0..<plane {
            // Columns first: dU G (4×3).
            for i in 0..<4 {
                let u0 = du[(4 * i) * plane + f], u1 = du[(4 * i + 1) * plane + f]
                let u2 = du[(4 * i + 2) * plane + f], u3 = du[(4 * i + 3) * plane + f]
                r[3 * i] = u0 + 0.5 * (u1 + u2)
                r[3 * i + 1] = 0.5 * (u1 - u2)
                r[3 * i + 2] = 0.5 * (u1 + u2) + u3
            }
            // Rows: Gᵀ (dU G) (3×3).
            let g = weightGradient + 9 * f
            for j in 0..<3 {
                let u0 = r[j], u1 = r[3 + j], u2 = r[6 + j], u3 = r[9 + j]
                g[j] += u0 + 0.5 * (u1 + u2)
                g[3 + j] += 0.5 * (u1 - u2)
                g[6 + j] += 0.5 * (u1 + u2) + u3
            }
        }
    }
}
