/// A 3×3, stride-1 convolution by Winograd's F(2×2, 3×3) (`WinogradGeometry.swift`; the
/// transforms in `WinogradWeights`, `WinogradInput`, `WinogradOutput`), for `Conv2D` when it
/// has enough input channels for the GEMMs to pay.
///
/// Forward, a chunk of samples at a time (T tiles, 2×2 outputs each):
///   V = Bᵀ d B `[16, C, T]`;  M[ξ] = U[ξ] · V[ξ] `[O, T]` for the 16 tile positions ξ, with
///   U = G g Gᵀ `[16, O, C]`;  y = Aᵀ M A + bias.
/// 16·O·C·T multiply-adds where im2col's GEMM takes 36·O·C·T (2.25× fewer), plus the transforms.
/// Backward runs the same GEMM shapes through the adjoint transforms:
///   Z = A dY Aᵀ;  dU[ξ] += Z[ξ] · V[ξ]ᵀ;  dV[ξ] = U[ξ]ᵀ · Z[ξ];  dx = B dV Bᵀ;  dW += Gᵀ dU G,
/// the exact gradient of the forward (which equals the convolution's up to float rounding).
/// A training forward keeps V of the whole batch for backward's dU (3.2 MB for the reference
/// CNN's conv2 at 32 samples); an evaluation forward keeps one chunk's.
final class WinogradConvolution {
    let inChannels, outChannels, height, width, padding: Int
    /// Bytes of V, M and dV per chunk (at least one sample).
    var chunkBytes = 1 << 20
    /// U `[16, O, C]` of the weights of the latest forward, and its gradient.
    private let transformedWeight = Tensor(), transformedWeightGradient = Tensor()
    /// V `[16, C, ld]`: the whole batch's tiles after a training forward, else one chunk's.
    private let transformedInput = Tensor()
    /// M (forward) or Z (backward) `[16, O, chunk tiles]`, and dV `[16, C, chunk tiles]`.
    private let products = Tensor(), inputProducts = Tensor()
    private let scratch = Tensor()
    /// The batch size whose every tile `transformedInput` holds, if it does.
    private var keptBatch: Int?

    init(inChannels: Int, outChannels: Int, height: Int, width: Int, padding: Int) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        self.padding = padding
    }

    private func geometry(_ batch: Int) -> WinogradGeometry {
        WinogradGeometry(channels: inChannels, batch: batch, height: height, width: width, padding: padding)
    }

    /// Consecutive sample ranges of at most `chunkBytes` of V, M and dV each (at least one sample).
    private func chunks(_ g: WinogradGeometry) -> [Range<Int>] {
        let perSample = 16 * (2 * inChannels + outChannels) * g.tilesPerSample * MemoryLayout<Float>.size
        let size = max(1, chunkBytes / perSample)
        return stride(from: 0, to: g.batch, by: size).map { $0..<min($0 + size, g.batch) }
    }

    /// y `[O, B, OH, OW]` = conv(x `[C, B, H, W]`, weight `[O, C, 3, 3]`) + bias `[O]`.
    func forward(_ x: UnsafePointer<Float>, batch: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                 training: Bool, _ y: UnsafeMutablePointer<Float>) {
        let g = geometry(batch), tiles = g.tilesPerSample
        transformedWeight.resize([16, outChannels, inChannels])
        let u = transformedWeight.data.baseAddress!
        winogradWeights(weight, outChannels: outChannels, channels: inChannels, u)
        let parts = chunks(g), most = parts[0].count * tiles
        let ld = training ? batch * tiles : most
        transformedInput.resize([16, inChannels, ld])
        products.resize([16, outChannels, most])
        scratch.resize([g.scratchCount(chunkTiles: most)])
        keptBatch = training ? batch : nil
        let v = transformedInput.data.baseAddress!, m = products.data.baseAddress!, rows = scratch.data.baseAddress!
        for part in parts {
            let n = part.count * tiles, column = training ? part.lowerBound * tiles : 0
            winogradInput(x, g, samples: part, v, ld: ld, column: column, scratch: rows)
            // Zeroed here and accumulated (beta = 1): OpenBLAS's own zeroing for beta = 0 is slower.
            m.update(repeating: 0, count: 16 * outChannels * n)
            for xi in 0..<16 {
                gemm(m: outChannels, n: n, k: inChannels, a: u + xi * outChannels * inChannels, lda: inChannels,
                     b: v + xi * inChannels * ld + column, ldb: ld, beta: 1, c: m + xi * outChannels * n, ldc: n)
            }
            winogradOutput(m, g, outChannels: outChannels, samples: part, ld: n, bias: bias, y, scratch: rows)
        }
    }

    /// Accumulates dW `[O, C, 3, 3]` from dy `[O, B, OH, OW]` and, when `inputGradient` is given,
    /// writes dx `[C, B, H, W]` there, for the x and weights of the latest forward.
    func backward(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, batch: Int,
                  weightGradient: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?) {
        let g = geometry(batch), tiles = g.tilesPerSample, ld = batch * tiles
        let parts = chunks(g), most = parts[0].count * tiles
        scratch.resize([g.scratchCount(chunkTiles: most)])
        if keptBatch != batch {
            // The forward was an evaluation one: transform the whole batch now.
            transformedInput.resize([16, inChannels, ld])
            winogradInput(x, g, samples: 0..<batch, transformedInput.data.baseAddress!, ld: ld, column: 0,
                          scratch: scratch.data.baseAddress!)
            keptBatch = batch
        }
        transformedWeightGradient.resize([16, outChannels, inChannels])
        transformedWeightGradient.zero()
        products.resize([16, outChannels, most])
        if inputGradient != nil { inputProducts.resize([16, inChannels, most]) }
        let u = UnsafePointer(transformedWeight.data.baseAddress!), du = transformedWeightGradient.data.baseAddress!
        let v = UnsafePointer(transformedInput.data.baseAddress!), z = products.data.baseAddress!
        let dv = inputProducts.data.baseAddress!, rows = scratch.data.baseAddress!
        for part in parts {
            let n = part.count * tiles, column = part.lowerBound * tiles
            winogradOutputAdjoint(dy, g, outChannels: outChannels, samples: part, ld: n, z, scratch: rows)
            for xi in 0..<16 {
                gemm(transB: true, m: outChannels, n: inChannels, k: n, a: z + xi * outChannels * n, lda: n,
                     b: v + xi * inChannels * ld + column, ldb: ld, beta: 1,
                     c: du + xi * outChannels * inChannels, ldc: inChannels)
            }
            guard let dx = inputGradient else { continue }
            dv.update(repeating: 0, count: 16 * inChannels * n)
            for xi in 0..<16 {
                gemm(transA: true, m: inChannels, n: n, k: outChannels, a: u + xi * outChannels * inChannels, lda: inChannels,
                     b: z + xi * outChannels * n, ldb: n, beta: 1, c: dv + xi * inChannels * n, ldc: n)
            }
            winogradInputAdjoint(dv, g, samples: part, ld: n, column: 0, dx, scratch: rows)
        }
        winogradWeightsAdjoint(du, outChannels: outChannels, channels: inChannels, weightGradient)
    }
}
