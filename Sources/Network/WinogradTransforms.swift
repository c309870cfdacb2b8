/// Winograd's minimal filtering algorithm F(2×2, 3×3) (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks", CVPR 2016): the 2×2 output tile of a 3×3 cross-correlation
/// over a 4×4 input tile d is
///
///     Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A        (16 multiplications instead of 36)
///
///     Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]
///     G  = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]
///     Aᵀ = [1 1 1 0; 0 1 −1 −1]
///
/// Every transform is separable: one 1-D map along the tile's rows, then the same along its
/// columns. Back-propagation goes through their adjoints (transposes): dd = B dV Bᵀ,
/// dm = A dY Aᵀ, dg = Gᵀ dU G. Transformed tiles are stored as 16 matrices, position
/// ξ = 4·i + j of the 4×4 tile first, so each position's products are one GEMM.
///
/// Tiles: output tile (ty, tx) covers output rows 2·ty, 2·ty + 1 and columns 2·tx, 2·tx + 1
/// and reads input rows 2·ty − p … 2·ty − p + 3 (likewise columns), zero outside the input;
/// output positions past the last row or column are dropped.
struct WinogradGeometry {
    let channels, batch, height, width, padding: Int
    /// Output size of the 3×3, stride-1 window: H + 2p − 2 by W + 2p − 2.
    var outHeight: Int { height + 2 * padding - 2 }
    var outWidth: Int { width + 2 * padding - 2 }
    /// Tile rows ⌈OH / 2⌉ and tile columns ⌈OW / 2⌉ per sample.
    var tileRows: Int { (outHeight + 1) / 2 }
    var tileColumns: Int { (outWidth + 1) / 2 }
    var tilesPerSample: Int { tileRows * tileColumns }
    /// Width of a tile row's input span in padded coordinates: 2·TW + 2 columns.
    var span: Int { 2 * tileColumns + 2 }
}

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

/// V = Bᵀ d B for every tile of samples `samples` of `x` `[C, B, H, W]`, into `v` `[16, C, ld]`
/// at column `column + (b − samples.lowerBound)·tiles + ty·TW + tx`. `scratch` holds 4·span floats.
func winogradInput(_ x: UnsafePointer<Float>, _ g: WinogradGeometry, samples: Range<Int>,
                   _ v: UnsafeMutablePointer<Float>, ld: Int, column: Int, scratch: UnsafeMutablePointer<Float>) {
    let span = g.span, tw = g.tileColumns, plane = g.channels * ld
    let rows = (0..<4).map { scratch + $0 * span }
    for c in 0..<g.channels {
        for b in samples {
            let input = x + (c * g.batch + b) * g.height * g.width
            for ty in 0..<g.tileRows {
                for k in 0..<4 { paddedRow(input, g, row: 2 * ty - g.padding + k, into: rows[k]) }
                // Rows of the tile: Bᵀ d, in place over the whole span.
                let r0 = rows[0], r1 = rows[1], r2 = rows[2], r3 = rows[3]
                for j in 0..<span {
                    let a0 = r0[j], a1 = r1[j], a2 = r2[j], a3 = r3[j]
                    r0[j] = a0 - a2
                    r1[j] = a1 + a2
                    r2[j] = a2 - a1
                    r3[j] = a1 - a3
                }
                // Columns: (Bᵀ d) B, one tile every two columns.
                let t0 = c * ld + column + (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                for i in 0..<4 {
                    let e = rows[i]
                    let v0 = v + 4 * i * plane + t0, v1 = v0 + plane, v2 = v1 + plane, v3 = v2 + plane
                    for tx in 0..<tw {
                        let a0 = e[2 * tx], a1 = e[2 * tx + 1], a2 = e[2 * tx + 2], a3 = e[2 * tx + 3]
                        v0[tx] = a0 - a2
                        v1[tx] = a1 + a2
                        v2[tx] = a2 - a1
                        v3[tx] = a1 - a3
                    }
                }
            }
        }
    }
}

/// dx = B dV Bᵀ scattered back onto the inputs of every tile of samples `samples`: `dv`
/// `[16, C, ld]` (columns from `column`, as `winogradInput` wrote them) into those samples'
/// part of `inputGradient` `[C, B, H, W]`, which is overwritten (other samples are untouched).
/// `scratch` holds 4·span floats.
func winogradInputAdjoint(_ dv: UnsafePointer<Float>, _ g: WinogradGeometry, samples: Range<Int>, ld: Int, column: Int,
                          _ inputGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let span = g.span, tw = g.tileColumns, plane = g.channels * ld, area = g.height * g.width
    let rows = (0..<4).map { scratch + $0 * span }
    for c in 0..<g.channels {
        (inputGradient + (c * g.batch + samples.lowerBound) * area).update(repeating: 0, count: samples.count * area)
    }
    for c in 0..<g.channels {
        for b in samples {
            let dx = inputGradient + (c * g.batch + b) * area
            for ty in 0..<g.tileRows {
                let t0 = c * ld + column + (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                // Columns: dV Bᵀ of every tile, neighbours overlapping by two columns. Column
                // 2·tx gets tile tx's first and tile tx − 1's third entry, 2·tx + 1 its second
                // and tile tx − 1's fourth.
                for i in 0..<4 {
                    let q0 = dv + 4 * i * plane + t0, q1 = q0 + plane, q2 = q1 + plane, q3 = q2 + plane
                    let h = rows[i]
                    h[0] = q0[0]
                    h[1] = q1[0] - q2[0] + q3[0]
                    for tx in 1..<tw {
                        h[2 * tx] = q0[tx] + (q1[tx - 1] + q2[tx - 1] - q0[tx - 1])
                        h[2 * tx + 1] = (q1[tx] - q2[tx] + q3[tx]) - q3[tx - 1]
                    }
                    h[2 * tw] = q1[tw - 1] + q2[tw - 1] - q0[tw - 1]
                    h[2 * tw + 1] = -q3[tw - 1]
                }
                // Rows: B (dV Bᵀ), added onto the four input rows (neighbouring tile rows overlap).
                let h0 = rows[0], h1 = rows[1], h2 = rows[2], h3 = rows[3]
                for j in 0..<span {
                    let a0 = h0[j], a1 = h1[j], a2 = h2[j], a3 = h3[j]
                    h0[j] = a0
                    h1[j] = a1 - a2 + a3
                    h2[j] = a1 + a2 - a0
                    h3[j] = -a3
                }
                for k in 0..<4 { addPaddedRow(rows[k], g, row: 2 * ty - g.padding + k, onto: dx) }
            }
        }
    }
}

/// y = Aᵀ M A + bias for every tile of samples `samples`: `m` `[16, O, ld]` (tile columns from
/// 0 for the first of `samples`) into those samples' part of `y` `[O, B, OH, OW]`.
/// `scratch` holds 2·span floats.
func winogradOutput(_ m: UnsafePointer<Float>, _ g: WinogradGeometry, outChannels: Int, samples: Range<Int>, ld: Int,
                    bias: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, oh = g.outHeight, ow = g.outWidth, plane = outChannels * ld
    let top = scratch, bottom = scratch + g.span
    for o in 0..<outChannels {
        let beta = bias[o]
        for b in samples {
            let out = y + (o * g.batch + b) * oh * ow
            for ty in 0..<g.tileRows {
                let t0 = o * ld + (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                let p = m + t0
                for tx in 0..<tw {
                    // Columns: s[i][0] = m[i,0] + m[i,1] + m[i,2], s[i][1] = m[i,1] − m[i,2] − m[i,3].
                    var s0 = SIMD4<Float>(), s1 = SIMD4<Float>()
                    for i in 0..<4 {
                        let q = p + 4 * i * plane + tx
                        let m0 = q[0], m1 = q[plane], m2 = q[2 * plane], m3 = q[3 * plane]
                        s0[i] = m0 + m1 + m2
                        s1[i] = m1 - m2 - m3
                    }
                    // Rows: y[0][j] = s[0][j] + s[1][j] + s[2][j], y[1][j] = s[1][j] − s[2][j] − s[3][j].
                    top[2 * tx] = s0[0] + s0[1] + s0[2] + beta
                    top[2 * tx + 1] = s1[0] + s1[1] + s1[2] + beta
                    bottom[2 * tx] = s0[1] - s0[2] - s0[3] + beta
                    bottom[2 * tx + 1] = s1[1] - s1[2] - s1[3] + beta
                }
                (out + 2 * ty * ow).update(from: top, count: ow)
                if 2 * ty + 1 < oh { (out + (2 * ty + 1) * ow).update(from: bottom, count: ow) }
            }
        }
    }
}

/// Z = A dY Aᵀ for every tile of samples `samples`: the output gradient `dy` `[O, B, OH, OW]`
/// into `z` `[16, O, ld]` (tile columns from 0 for the first of `samples`), zero past the last
/// output row or column. `scratch` holds 2·span floats.
func winogradOutputAdjoint(_ dy: UnsafePointer<Float>, _ g: WinogradGeometry, outChannels: Int, samples: Range<Int>,
                           ld: Int, _ z: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, oh = g.outHeight, ow = g.outWidth, plane = outChannels * ld
    let top = scratch, bottom = scratch + g.span
    (top + ow).update(repeating: 0, count: 2 * tw - ow)
    (bottom + ow).update(repeating: 0, count: 2 * tw - ow)
    for o in 0..<outChannels {
        for b in samples {
            let gradient = dy + (o * g.batch + b) * oh * ow
            for ty in 0..<g.tileRows {
                top.update(from: gradient + 2 * ty * ow, count: ow)
                if 2 * ty + 1 < oh {
                    bottom.update(from: gradient + (2 * ty + 1) * ow, count: ow)
                } else {
                    bottom.update(repeating: 0, count: ow)
                }
                let p = z + o * ld + (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                for tx in 0..<tw {
                    let d00 = top[2 * tx], d01 = top[2 * tx + 1], d10 = bottom[2 * tx], d11 = bottom[2 * tx + 1]
                    // Rows: A dY, the 1-D adjoint (u0, u1) ↦ (u0, u0 + u1, u0 − u1, −u1); then columns.
                    let left = SIMD4(d00, d00 + d10, d00 - d10, -d10)
                    let right = SIMD4(d01, d01 + d11, d01 - d11, -d11)
                    for i in 0..<4 {
                        let q = p + 4 * i * plane + tx
                        q[0] = left[i]
                        q[plane] = left[i] + right[i]
                        q[2 * plane] = left[i] - right[i]
                        q[3 * plane] = -right[i]
                    }
                }
            }
        }
    }
}

/// Input row `row` of a plane `[H, W]` in padded coordinates (column j holds x[row, j − p]),
/// `span` floats, zero outside the input.
@inline(__always)
private func paddedRow(_ plane: UnsafePointer<Float>, _ g: WinogradGeometry, row: Int, into out: UnsafeMutablePointer<Float>) {
    let lo = min(g.padding, g.span), n = max(0, min(g.width, g.span - g.padding))
    guard row >= 0, row < g.height, n > 0 else { out.update(repeating: 0, count: g.span); return }
    out.update(repeating: 0, count: lo)
    (out + g.padding).update(from: plane + row * g.width, count: n)
    (out + g.padding + n).update(repeating: 0, count: g.span - g.padding - n)
}

/// Adds a padded-coordinate row (`span` floats) onto input row `row` of a plane `[H, W]`,
/// dropping what falls in the padding.
@inline(__always)
private func addPaddedRow(_ values: UnsafePointer<Float>, _ g: WinogradGeometry, row: Int, onto plane: UnsafeMutablePointer<Float>) {
    guard row >= 0, row < g.height else { return }
    let n = max(0, min(g.width, g.span - g.padding))
    let target = plane + row * g.width, source = values + g.padding
    for j in 0..<n { target[j] += source[j] }
}
