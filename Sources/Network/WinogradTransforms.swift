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
    /// Entries of one of the input transform's even- or odd-row arrays: (TH + 1)·TW.
    var halfRows: Int { (tileRows + 1) * tileColumns }
    /// Floats of scratch the transforms need for chunks of up to `chunkTiles` tiles.
    func scratchCount(chunkTiles: Int) -> Int { max(span + 8 * halfRows, 4 * chunkTiles) }
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
/// at column `column + (b − samples.lowerBound)·tiles + ty·TW + tx`. `scratch` holds
/// `g.scratchCount(chunkTiles: 0)` floats.
///
/// Horizontal first, per padded input row r (input row r − p): the 1-D map of the four columns
/// 2·tx … 2·tx + 3 of every tile column, kept as h_j[r / 2][tx] in an even-row and an odd-row
/// array (j = 0…3). A tile row ty reads padded rows 2·ty … 2·ty + 3 = even[ty], odd[ty],
/// even[ty + 1], odd[ty + 1], so the vertical map is then four contiguous passes over all
/// TH·TW tiles of the sample at once.
func winogradInput(_ x: UnsafePointer<Float>, _ g: WinogradGeometry, samples: Range<Int>,
                   _ v: UnsafeMutablePointer<Float>, ld: Int, column: Int, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, tiles = g.tilesPerSample, half = g.halfRows, plane = g.channels * ld
    let row = scratch, even = scratch + g.span, odd = even + 4 * half
    for c in 0..<g.channels {
        for b in samples {
            let input = x + (c * g.batch + b) * g.height * g.width
            for r in 0..<2 * (g.tileRows + 1) {
                paddedRow(input, g, row: r - g.padding, into: row)
                let h = (r & 1 == 0 ? even : odd) + (r >> 1) * tw
                for tx in 0..<tw {
                    let a0 = row[2 * tx], a1 = row[2 * tx + 1], a2 = row[2 * tx + 2], a3 = row[2 * tx + 3]
                    h[tx] = a0 - a2
                    h[half + tx] = a1 + a2
                    h[2 * half + tx] = a2 - a1
                    h[3 * half + tx] = a1 - a3
                }
            }
            let t0 = column + (b - samples.lowerBound) * tiles
            for j in 0..<4 {
                InputRows(even: even + j * half, odd: odd + j * half, tileColumns: tw, v: v + j * plane + c * ld + t0,
                          stride: 4 * plane)(count: tiles)
            }
        }
    }
}

/// dx = B dV Bᵀ gathered back onto the inputs of every tile of samples `samples`: `dv`
/// `[16, C, ld]` (columns from `column`, as `winogradInput` wrote them) into those samples'
/// part of `inputGradient` `[C, B, H, W]`, which is overwritten (other samples are untouched).
/// `scratch` holds `g.scratchCount(chunkTiles: 0)` floats.
///
/// The adjoint of `winogradInput`'s two passes in reverse order: the vertical map's adjoint
/// into the even- and odd-row arrays (neighbouring tile rows share two padded rows), then per
/// padded row the horizontal map's (neighbouring tiles share two columns), each written once.
func winogradInputAdjoint(_ dv: UnsafePointer<Float>, _ g: WinogradGeometry, samples: Range<Int>, ld: Int, column: Int,
                          _ inputGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, tiles = g.tilesPerSample, half = g.halfRows, plane = g.channels * ld
    let row = scratch, even = scratch + g.span, odd = even + 4 * half
    let n = max(0, min(g.width, g.span - g.padding))
    for c in 0..<g.channels {
        for b in samples {
            let t0 = column + (b - samples.lowerBound) * tiles
            for j in 0..<4 {
                let rows = InputRowsAdjoint(dv: dv + j * plane + c * ld + t0, stride: 4 * plane, even: even + j * half,
                                            odd: odd + j * half, tileColumns: tw)
                (rows.even + tiles).update(repeating: 0, count: tw)
                (rows.odd + tiles).update(repeating: 0, count: tw)
                rows(count: tiles)
                rows.shared(count: tiles)
            }
            let dx = inputGradient + (c * g.batch + b) * g.height * g.width
            for r in 0..<2 * (g.tileRows + 1) {
                let y = r - g.padding
                guard y >= 0, y < g.height else { continue }
                let h0 = (r & 1 == 0 ? even : odd) + (r >> 1) * tw
                let h1 = h0 + half, h2 = h1 + half, h3 = h2 + half
                row[0] = h0[0]
                row[1] = h1[0] - h2[0] + h3[0]
                for tx in 1..<tw {
                    row[2 * tx] = h0[tx] + (h1[tx - 1] + h2[tx - 1] - h0[tx - 1])
                    row[2 * tx + 1] = (h1[tx] - h2[tx] + h3[tx]) - h3[tx - 1]
                }
                row[2 * tw] = h1[tw - 1] + h2[tw - 1] - h0[tw - 1]
                row[2 * tw + 1] = -h3[tw - 1]
                Copy(from: row + g.padding, to: dx + y * g.width)(count: n)
            }
        }
    }
}

/// y = Aᵀ M A + bias for every tile of samples `samples`: `m` `[16, O, ld]` (tile columns from
/// 0 for the first of `samples`) into those samples' part of `y` `[O, B, OH, OW]`.
/// `scratch` holds `g.scratchCount(chunkTiles: samples.count · tiles)` floats.
func winogradOutput(_ m: UnsafePointer<Float>, _ g: WinogradGeometry, outChannels: Int, samples: Range<Int>, ld: Int,
                    bias: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, oh = g.outHeight, ow = g.outWidth, plane = outChannels * ld
    let count = samples.count * g.tilesPerSample
    let y00 = scratch, y01 = y00 + count, y10 = y01 + count, y11 = y10 + count
    for o in 0..<outChannels {
        OutputTiles(m: m + o * ld, stride: plane, y00: y00, y01: y01, y10: y10, y11: y11)(count: count)
        let beta = bias[o]
        for b in samples {
            let out = y + (o * g.batch + b) * oh * ow
            for ty in 0..<g.tileRows {
                let t = (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                scatterRow(y00 + t, y01 + t, beta, into: out + 2 * ty * ow, width: ow)
                if 2 * ty + 1 < oh { scatterRow(y10 + t, y11 + t, beta, into: out + (2 * ty + 1) * ow, width: ow) }
            }
        }
    }
}

/// Z = A dY Aᵀ for every tile of samples `samples`: the output gradient `dy` `[O, B, OH, OW]`
/// into `z` `[16, O, ld]` (tile columns from 0 for the first of `samples`), zero past the last
/// output row or column. `scratch` holds `g.scratchCount(chunkTiles: samples.count · tiles)` floats.
func winogradOutputAdjoint(_ dy: UnsafePointer<Float>, _ g: WinogradGeometry, outChannels: Int, samples: Range<Int>,
                           ld: Int, _ z: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
    let tw = g.tileColumns, oh = g.outHeight, ow = g.outWidth, plane = outChannels * ld
    let count = samples.count * g.tilesPerSample
    let d00 = scratch, d01 = d00 + count, d10 = d01 + count, d11 = d10 + count
    for o in 0..<outChannels {
        for b in samples {
            let gradient = dy + (o * g.batch + b) * oh * ow
            for ty in 0..<g.tileRows {
                let t = (b - samples.lowerBound) * g.tilesPerSample + ty * tw
                gatherRow(gradient + 2 * ty * ow, width: ow, into: d00 + t, d01 + t)
                if 2 * ty + 1 < oh {
                    gatherRow(gradient + (2 * ty + 1) * ow, width: ow, into: d10 + t, d11 + t)
                } else {
                    (d10 + t).update(repeating: 0, count: tw)
                    (d11 + t).update(repeating: 0, count: tw)
                }
            }
        }
        OutputTilesAdjoint(d00: d00, d01: d01, d10: d10, d11: d11, z: z + o * ld, stride: plane)(count: count)
    }
}

/// Input row `row` of a plane `[H, W]` in padded coordinates (column j holds x[row, j − p]),
/// `span` floats, zero outside the input.
@inline(__always)
private func paddedRow(_ plane: UnsafePointer<Float>, _ g: WinogradGeometry, row: Int, into out: UnsafeMutablePointer<Float>) {
    let n = max(0, min(g.width, g.span - g.padding))
    guard row >= 0, row < g.height, n > 0 else {
        for j in 0..<g.span { out[j] = 0 }
        return
    }
    for j in 0..<g.padding { out[j] = 0 }
    Copy(from: plane + row * g.width, to: out + g.padding)(count: n)
    for j in g.padding + n..<g.span { out[j] = 0 }
}

/// One output row from a tile row's two columns of values: out[2·tx] = left[tx] + bias,
/// out[2·tx + 1] = right[tx] + bias, for the `width` columns the row has.
@inline(__always)
private func scatterRow(_ left: UnsafePointer<Float>, _ right: UnsafePointer<Float>, _ bias: Float,
                        into out: UnsafeMutablePointer<Float>, width: Int) {
    for tx in 0..<width / 2 {
        out[2 * tx] = left[tx] + bias
        out[2 * tx + 1] = right[tx] + bias
    }
    if width & 1 == 1 { out[width - 1] = left[width / 2] + bias }
}

/// The adjoint of `scatterRow`: left[tx] = row[2·tx], right[tx] = row[2·tx + 1], 0 past the row.
@inline(__always)
private func gatherRow(_ row: UnsafePointer<Float>, width: Int, into left: UnsafeMutablePointer<Float>,
                       _ right: UnsafeMutablePointer<Float>) {
    for tx in 0..<width / 2 {
        left[tx] = row[2 * tx]
        right[tx] = row[2 * tx + 1]
    }
    if width & 1 == 1 {
        left[width / 2] = row[width - 1]
        right[width / 2] = 0
    }
}

/// The input transform's vertical pass over a sample's tiles t: the 1-D map
/// (r0, r1, r2, r3) ↦ (r0 − r2, r1 + r2, r2 − r1, r1 − r3) of padded rows
/// r0…r3 = even[t], odd[t], even[t + TW], odd[t + TW], written to v[k·stride + t], k = 0…3.
private struct InputRows: LaneKernel {
    let even, odd: UnsafePointer<Float>
    let tileColumns: Int
    let v: UnsafeMutablePointer<Float>
    let stride: Int

    @inline(__always) func run<L: FloatLanes>(_ t: Int, _: L.Type) {
        let r0 = L.load(even + t), r1 = L.load(odd + t), r2 = L.load(even + t + tileColumns), r3 = L.load(odd + t + tileColumns)
        (r0 - r2).store(v + t)
        (r1 + r2).store(v + stride + t)
        (r2 - r1).store(v + 2 * stride + t)
        (r1 - r3).store(v + 3 * stride + t)
    }
}

/// The adjoint of `InputRows`: even[t] = dv₀, odd[t] = dv₁ − dv₂ + dv₃ (the tile's own top
/// rows); then `shared` adds even[t + TW] += dv₁ + dv₂ − dv₀, odd[t + TW] −= dv₃ (its bottom
/// rows, the next tile row's top ones). dvₖ = dv[k·stride + t].
private struct InputRowsAdjoint: LaneKernel {
    let dv: UnsafePointer<Float>
    let stride: Int
    let even, odd: UnsafeMutablePointer<Float>
    let tileColumns: Int

    @inline(__always) func run<L: FloatLanes>(_ t: Int, _: L.Type) {
        L.load(dv + t).store(even + t)
        (L.load(dv + stride + t) - L.load(dv + 2 * stride + t) + L.load(dv + 3 * stride + t)).store(odd + t)
    }

    @inline(__always) func shared(count: Int) { Shared(rows: self)(count: count) }

    private struct Shared: LaneKernel {
        let rows: InputRowsAdjoint
        @inline(__always) func run<L: FloatLanes>(_ t: Int, _: L.Type) {
            let dv = rows.dv, s = rows.stride, below = t + rows.tileColumns
            let d0 = L.load(dv + t), d1 = L.load(dv + s + t), d2 = L.load(dv + 2 * s + t), d3 = L.load(dv + 3 * s + t)
            (L.load(rows.even + below) + (d1 + d2 - d0)).store(rows.even + below)
            (L.load(rows.odd + below) - d3).store(rows.odd + below)
        }
    }
}

/// Aᵀ M A for tiles t: the 16 products m[ξ·stride + t] (ξ = 4·i + j) to the 2×2 outputs
/// y00, y01, y10, y11. Along each row i: s = (m₀ + m₁ + m₂, m₁ − m₂ − m₃); then down the
/// columns: y₀ = s₀ + s₁ + s₂, y₁ = s₁ − s₂ − s₃.
private struct OutputTiles: LaneKernel {
    let m: UnsafePointer<Float>
    let stride: Int
    let y00, y01, y10, y11: UnsafeMutablePointer<Float>

    @inline(__always) func run<L: FloatLanes>(_ t: Int, _: L.Type) {
        func row(_ i: Int) -> (L, L) {
            let q = m + 4 * i * stride + t
            let m0 = L.load(q), m1 = L.load(q + stride), m2 = L.load(q + 2 * stride), m3 = L.load(q + 3 * stride)
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        let s0 = row(0), s1 = row(1), s2 = row(2), s3 = row(3)
        (s0.0 + s1.0 + s2.0).store(y00 + t)
        (s0.1 + s1.1 + s2.1).store(y01 + t)
        (s1.0 - s2.0 - s3.0).store(y10 + t)
        (s1.1 - s2.1 - s3.1).store(y11 + t)
    }
}

/// A dY Aᵀ for tiles t: the 2×2 output gradients d00, d01, d10, d11 to the 16 entries
/// z[ξ·stride + t]. The 1-D adjoint (u₀, u₁) ↦ (u₀, u₀ + u₁, u₀ − u₁, −u₁) down the columns,
/// then along each row.
private struct OutputTilesAdjoint: LaneKernel {
    let d00, d01, d10, d11: UnsafePointer<Float>
    let z: UnsafeMutablePointer<Float>
    let stride: Int

    @inline(__always) func run<L: FloatLanes>(_ t: Int, _: L.Type) {
        let a0 = L.load(d00 + t), a1 = L.load(d01 + t), b0 = L.load(d10 + t), b1 = L.load(d11 + t)
        func row(_ i: Int, _ u0: L, _ u1: L) {
            let q = z + 4 * i * stride + t
            u0.store(q)
            (u0 + u1).store(q + stride)
            (u0 - u1).store(q + 2 * stride)
            (-u1).store(q + 3 * stride)
        }
        row(0, a0, a1)
        row(1, a0 + b0, a1 + b1)
        row(2, a0 - b0, a1 - b1)
        row(3, -b0, -b1)
    }
}

/// A short copy (a row of a few dozen floats) inline, where a library call would cost more
/// than the copy.
private struct Copy: LaneKernel {
    let from: UnsafePointer<Float>
    let to: UnsafeMutablePointer<Float>
    @inline(__always) func run<L: FloatLanes>(_ i: Int, _: L.Type) { L.load(from + i).store(to + i) }
}
