import Support

/// 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d`) by im2col and GEMM, or by
/// Winograd's F(2×2, 3×3) (`WinogradConvolution`) for 3×3, stride-1 windows over at least
/// `winogradMinimumChannels` input channels.
///
/// Forward:  y `[OC, B, OH, OW]` = W `[OC, C·K·K]` · cols + bias, where cols `[C·K·K, B·OH·OW]` is
/// the im2col unfolding of x `[C, B, H, W]`.
/// Backward: dW += dy · colsᵀ; db += Σ dy over (B, OH, OW); dcols = Wᵀ · dy; dx = col2im(dcols).
/// OH = ⌊(H + 2·padding − K) / stride⌋ + 1, likewise OW.
///
/// The unfolding is done a few samples at a time (`chunkBytes` of cols, one GEMM per chunk
/// writing its columns of y), so cols stays in the core's cache and its size does not grow
/// with the batch: 256 KiB instead of 7 MiB for a 32 → 64-channel 14×14 layer at 32 samples,
/// or 28 MiB for a 128-sample inference chunk. Backward unfolds each chunk again (the last one
/// is still in cols) rather than keeping the whole batch's.
public final class Conv2D: Layer {
    public let name: String
    public let kind = "conv2d"
    public let inChannels, outChannels, kernel, stride, padding: Int
    public let inputHeight, inputWidth: Int
    public let weight: Parameter
    public let bias: Parameter
    public var needsInputGradient = true
    /// Bytes of cols per chunk (at least one sample): well inside a core's 512 KiB L2.
    var chunkBytes = 256 << 10
    /// The Winograd path, when this layer takes it (nil: im2col).
    var winograd: WinogradConvolution?
    /// Below this many input channels Winograd's 16 GEMMs are too thin to beat im2col's one
    /// (the first layer on grey images has 1).
    static let winogradMinimumChannels = 8
    private let output = Tensor()
    private let inputGradient = Tensor()
    /// im2col of one chunk `[C·K·K, n·OH·OW]` and its gradient.
    private let cols = Tensor()
    private let columnGradient = Tensor()
    private var input: Tensor?
    private var geometry: ConvGeometry?
    /// The samples whose unfolding `cols` holds now.
    private var unfolded: Range<Int> = 0..<0

    public init(name: String, inputShape: [Int], outChannels: Int, kernel: Int, stride: Int, padding: Int,
                random: inout SeededRandom) {
        self.name = name
        inChannels = inputShape[0]
        inputHeight = inputShape[1]
        inputWidth = inputShape[2]
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        let fanIn = inChannels * kernel * kernel
        weight = Parameter(name: "\(name).weight",
                           value: pytorchDefaultUniform(count: outChannels * fanIn, fanIn: fanIn, random: &random))
        bias = Parameter(name: "\(name).bias", value: pytorchDefaultUniform(count: outChannels, fanIn: fanIn, random: &random))
        if kernel == 3, stride == 1, inChannels >= Self.winogradMinimumChannels {
            winograd = WinogradConvolution(inChannels: inChannels, outChannels: outChannels, height: inputHeight,
                                           width: inputWidth, padding: padding)
        }
    }

    public var parameters: [Parameter] { [weight, bias] }

    public var outputShape: [Int] {
        let g = ConvGeometry(channels: inChannels, batch: 1, height: inputHeight, width: inputWidth,
                             kernel: kernel, stride: stride, padding: padding)
        return [outChannels, g.outHeight, g.outWidth]
    }

    /// Consecutive sample ranges of at most `chunkBytes` of cols each (at least one sample).
    private func chunks(_ g: ConvGeometry) -> [Range<Int>] {
        let perSample = g.rows * g.outHeight * g.outWidth * MemoryLayout<Float>.size
        let size = max(1, chunkBytes / perSample)
        return Swift.stride(from: 0, to: g.batch, by: size).map { $0..<min($0 + size, g.batch) }
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let batch = input.shape[1]
        let g = ConvGeometry(channels: inChannels, batch: batch, height: inputHeight, width: inputWidth,
                             kernel: kernel, stride: stride, padding: padding)
        geometry = g
        self.input = input
        output.resize([outChannels, batch, g.outHeight, g.outWidth])
        let x = UnsafePointer(input.data.baseAddress!), y = output.data.baseAddress!
        if let winograd {
            weight.value.withUnsafeBufferPointer { w in
                bias.value.withUnsafeBufferPointer { b in
                    winograd.forward(x, batch: batch, weight: w.baseAddress!, bias: b.baseAddress!, training: training, y)
                }
            }
            return output
        }
        let plane = g.columns, area = g.outHeight * g.outWidth
        // Start from the bias and accumulate the GEMM onto it (beta = 1): one pass fewer.
        bias.value.withUnsafeBufferPointer { b in
            for o in 0..<outChannels { (y + o * plane).update(repeating: b[o], count: plane) }
        }
        let parts = chunks(g)
        cols.resize([g.rows, parts[0].count * area])
        weight.value.withUnsafeBufferPointer { w in
            for part in parts {
                let n = part.count * area
                im2col(x, g, samples: part, cols.data.baseAddress!)
                gemm(m: outChannels, n: n, k: g.rows, a: w.baseAddress!, lda: g.rows,
                     b: cols.data.baseAddress!, ldb: n, beta: 1, c: y + part.lowerBound * area, ldc: plane)
            }
        }
        unfolded = parts.last!
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let g = geometry!
        let plane = g.columns, area = g.outHeight * g.outWidth
        let dy = UnsafePointer(outputGradient.data.baseAddress!)
        bias.grad.withUnsafeMutableBufferPointer { db in
            for o in 0..<outChannels { db[o] += laneSum(dy + o * plane, count: plane) }
        }
        inputGradient.resize([inChannels, g.batch, inputHeight, inputWidth])
        let x = UnsafePointer(input!.data.baseAddress!)
        if let winograd {
            weight.grad.withUnsafeMutableBufferPointer { dw in
                winograd.backward(dy, input: x, batch: g.batch, weightGradient: dw.baseAddress!,
                                  inputGradient: needsInputGradient ? inputGradient.data.baseAddress! : nil)
            }
            return inputGradient
        }
        let parts = chunks(g)
        if needsInputGradient { columnGradient.resize([g.rows, parts[0].count * area]) }
        // Last chunk first: cols still holds its unfolding from the forward pass.
        for part in parts.reversed() {
            let n = part.count * area, dyPart = dy + part.lowerBound * area
            if part != unfolded {
                im2col(x, g, samples: part, cols.data.baseAddress!)
                unfolded = part
            }
            weight.grad.withUnsafeMutableBufferPointer { dw in
                gemm(transB: true, m: outChannels, n: g.rows, k: n, a: dyPart, lda: plane,
                     b: cols.data.baseAddress!, ldb: n, beta: 1, c: dw.baseAddress!, ldc: g.rows)
            }
            guard needsInputGradient else { continue }
            let dcols = columnGradient.data.baseAddress!
            weight.value.withUnsafeBufferPointer { w in
                gemm(transA: true, m: g.rows, n: n, k: outChannels, a: w.baseAddress!, lda: g.rows,
                     b: dyPart, ldb: plane, c: dcols, ldc: n)
            }
            col2im(dcols, g, samples: part, inputGradient.data.baseAddress!)
        }
        return inputGradient
    }
}
