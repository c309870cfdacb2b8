import Support

/// 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d`) by im2col and one GEMM.
///
/// Forward:  x `[C, B, H, W]` → cols `[C·K·K, B·OH·OW]`; y `[OC, B, OH, OW]` = W `[OC, C·K·K]` · cols + bias.
/// Backward: dW += dy · colsᵀ; db += Σ dy over (B, OH, OW); dcols = Wᵀ · dy; dx = col2im(dcols).
/// OH = ⌊(H + 2·padding − K) / stride⌋ + 1, likewise OW.
public final class Conv2D: Layer {
    public let name: String
    public let kind = "conv2d"
    public let inChannels, outChannels, kernel, stride, padding: Int
    public let inputHeight, inputWidth: Int
    public let weight: Parameter
    public let bias: Parameter
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()
    /// im2col buffer `[C·K·K, B·OH·OW]` and its gradient; they grow to the largest batch seen.
    private let cols = Tensor()
    private let columnGradient = Tensor()
    private var geometry: ConvGeometry?

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
    }

    public var parameters: [Parameter] { [weight, bias] }

    public var outputShape: [Int] {
        let g = ConvGeometry(channels: inChannels, batch: 1, height: inputHeight, width: inputWidth,
                             kernel: kernel, stride: stride, padding: padding)
        return [outChannels, g.outHeight, g.outWidth]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let batch = input.shape[1]
        let g = ConvGeometry(channels: inChannels, batch: batch, height: inputHeight, width: inputWidth,
                             kernel: kernel, stride: stride, padding: padding)
        geometry = g
        cols.resize([g.rows, g.columns])
        output.resize([outChannels, batch, g.outHeight, g.outWidth])
        let y = output.data.baseAddress!
        let plane = g.columns
        // Start from the bias and accumulate the GEMM onto it (beta = 1): one pass fewer.
        bias.value.withUnsafeBufferPointer { b in
            for o in 0..<outChannels { (y + o * plane).update(repeating: b[o], count: plane) }
        }
        im2col(input.data.baseAddress!, g, cols.data.baseAddress!)
        weight.value.withUnsafeBufferPointer { w in
            gemm(m: outChannels, n: plane, k: g.rows, a: w.baseAddress!, lda: g.rows,
                 b: cols.data.baseAddress!, ldb: plane, beta: 1, c: y, ldc: plane)
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let g = geometry!
        let plane = g.columns
        let dy = UnsafePointer(outputGradient.data.baseAddress!)
        weight.grad.withUnsafeMutableBufferPointer { dw in
            gemm(transB: true, m: outChannels, n: g.rows, k: plane, a: dy, lda: plane,
                 b: cols.data.baseAddress!, ldb: plane, beta: 1, c: dw.baseAddress!, ldc: g.rows)
        }
        bias.grad.withUnsafeMutableBufferPointer { db in
            for o in 0..<outChannels {
                let row = dy + o * plane
                var sum: Float = 0
                for i in 0..<plane { sum += row[i] }
                db[o] += sum
            }
        }
        inputGradient.resize([inChannels, g.batch, inputHeight, inputWidth])
        guard needsInputGradient else { return inputGradient }
        columnGradient.resize([g.rows, g.columns])
        let dcols = columnGradient.data.baseAddress!
        weight.value.withUnsafeBufferPointer { w in
            gemm(transA: true, m: g.rows, n: plane, k: outChannels, a: w.baseAddress!, lda: g.rows,
                 b: dy, ldb: plane, c: dcols, ldc: plane)
        }
        col2im(dcols, g, inputGradient.data.baseAddress!)
        return inputGradient
    }
}
