// Winograd F(2×2, 3×3), the output-tile transform y = Aᵀ M A and its adjoint (the algorithm: WinogradGeometry.swift).

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
