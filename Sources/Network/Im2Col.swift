/// Geometry of a 2-D convolution or pooling window over CNHW tensors.
struct ConvGeometry {
    let channels, batch, height, width: Int
    let kernel, stride, padding: Int
    var outHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
    var outWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
    /// Rows of the column matrix: `channels · kernel²`.
    var rows: Int { channels * kernel * kernel }
    /// Columns of the column matrix: `batch · outHeight · outWidth`.
    var columns: Int { batch * outHeight * outWidth }
}

/// Unfolds samples `samples` of `input` `[C, B, H, W]` into `cols` `[C·K·K, n·OH·OW]`
/// (n = `samples.count`): row `(c, ki, kj)`, column `(b − samples.lowerBound, oh, ow)` holds
/// `input[c, b, oh·s − p + ki, ow·s − p + kj]`, or 0 in the padding. A convolution of those
/// samples is then one GEMM, `W[OC, C·K·K] · cols`.
func im2col(_ input: UnsafePointer<Float>, _ g: ConvGeometry, samples: Range<Int>, _ cols: UnsafeMutablePointer<Float>) {
    let oh = g.outHeight, ow = g.outWidth, k = g.kernel, s = g.stride, p = g.padding
    var out = cols
    for c in 0..<g.channels {
        for ki in 0..<k {
            for kj in 0..<k {
                // Output columns whose input column ow·s − p + kj is inside [0, W).
                let owLo = max(0, (p - kj + s - 1) / s)
                let owHi = min(ow, (g.width + p - kj + s - 1) / s)
                for b in samples {
                    let plane = input + (c * g.batch + b) * g.height * g.width
                    for y in 0..<oh {
                        let iy = y * s - p + ki
                        if iy < 0 || iy >= g.height || owLo >= owHi {
                            out.update(repeating: 0, count: ow)
                        } else {
                            let row = plane + iy * g.width - p + kj
                            zeroShort(out, owLo)
                            if s == 1 {
                                (out + owLo).update(from: row + owLo, count: owHi - owLo)
                            } else {
                                for x in owLo..<owHi { out[x] = row[x * s] }
                            }
                            zeroShort(out + owHi, ow - owHi)
                        }
                        out += ow
                    }
                }
            }
        }
    }
}

/// The adjoint of `im2col` for the same `samples`: adds every entry of `cols`
/// `[C·K·K, n·OH·OW]` back onto the input position it came from, giving those samples' part of
/// `inputGradient` `[C, B, H, W]` (overwritten, not accumulated; other samples are untouched).
func col2im(_ cols: UnsafePointer<Float>, _ g: ConvGeometry, samples: Range<Int>,
            _ inputGradient: UnsafeMutablePointer<Float>) {
    let oh = g.outHeight, ow = g.outWidth, k = g.kernel, s = g.stride, p = g.padding
    let planeSize = g.height * g.width
    for c in 0..<g.channels {
        (inputGradient + (c * g.batch + samples.lowerBound) * planeSize).update(repeating: 0, count: samples.count * planeSize)
    }
    var src = cols
    for c in 0..<g.channels {
        for ki in 0..<k {
            for kj in 0..<k {
                let owLo = max(0, (p - kj + s - 1) / s)
                let owHi = min(ow, (g.width + p - kj + s - 1) / s)
                for b in samples {
                    let plane = inputGradient + (c * g.batch + b) * planeSize
                    for y in 0..<oh {
                        let iy = y * s - p + ki
                        if iy >= 0, iy < g.height, owLo < owHi {
                            let row = plane + iy * g.width - p + kj
                            if s == 1 {
                                for x in owLo..<owHi { row[x] += src[x] }
                            } else {
                                for x in owLo..<owHi { row[x * s] += src[x] }
                            }
                        }
                        src += ow
                    }
                }
            }
        }
    }
}

/// Zeroes `count` floats: the one-element padding edge of a 3×3 window inline rather than by a
/// library call per row.
@inline(__always) private func zeroShort(_ p: UnsafeMutablePointer<Float>, _ count: Int) {
    if count == 1 { p[0] = 0 } else if count > 1 { p.update(repeating: 0, count: count) }
}
