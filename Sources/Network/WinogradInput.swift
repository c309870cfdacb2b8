// Winograd F(2×2, 3×3), the input-tile transform V = Bᵀ d B and its adjoint (the algorithm: WinogradGeometry.swift).

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

/// A short copy (a row of a few dozen floats) inline, where a library call would cost more
/// than the copy.
private struct Copy: LaneKernel {
    let from: UnsafePointer<Float>
    let to: UnsafeMutablePointer<Float>
    @inline(__always) func run<L: FloatLanes>(_ i: Int, _: L.Type) { L.load(from + i).store(to + i) }
}
