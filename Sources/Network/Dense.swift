import Support

/// Fully connected layer (PyTorch's `nn.Linear`): y `[B, out]` = x `[B, in]` · Wᵀ + b, with
/// W stored `[out, in]`. Backward: dW += dyᵀ · x; db += Σ_b dy; dx = dy · W.
public final class Dense: Layer {
    public let name: String
    public let kind = "dense"
    public let inputs, units: Int
    public let weight: Parameter
    public let bias: Parameter
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()
    private var input: Tensor?

    public init(name: String, inputs: Int, units: Int, random: inout SeededRandom) {
        self.name = name
        self.inputs = inputs
        self.units = units
        weight = Parameter(name: "\(name).weight", value: pytorchDefaultUniform(count: units * inputs, fanIn: inputs, random: &random))
        bias = Parameter(name: "\(name).bias", value: pytorchDefaultUniform(count: units, fanIn: inputs, random: &random))
    }

    public var parameters: [Parameter] { [weight, bias] }
    public var outputShape: [Int] { [units] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        self.input = input
        let batch = input.shape[0]
        output.resize([batch, units])
        let y = output.data.baseAddress!
        weight.value.withUnsafeBufferPointer { w in
            gemm(transB: true, m: batch, n: units, k: inputs, a: input.data.baseAddress!, lda: inputs,
                 b: w.baseAddress!, ldb: inputs, c: y, ldc: units)
        }
        bias.value.withUnsafeBufferPointer { b in
            for r in 0..<batch {
                let row = y + r * units
                for j in 0..<units { row[j] += b[j] }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        let x = input!, batch = x.shape[0]
        let dy = UnsafePointer(outputGradient.data.baseAddress!)
        weight.grad.withUnsafeMutableBufferPointer { dw in
            gemm(transA: true, m: units, n: inputs, k: batch, a: dy, lda: units,
                 b: x.data.baseAddress!, ldb: inputs, beta: 1, c: dw.baseAddress!, ldc: inputs)
        }
        bias.grad.withUnsafeMutableBufferPointer { db in
            for r in 0..<batch {
                for j in 0..<units { db[j] += dy[r * units + j] }
            }
        }
        inputGradient.resize([batch, inputs])
        guard needsInputGradient else { return inputGradient }
        weight.value.withUnsafeBufferPointer { w in
            gemm(m: batch, n: inputs, k: units, a: dy, lda: units, b: w.baseAddress!, ldb: inputs,
                 c: inputGradient.data.baseAddress!, ldc: inputs)
        }
        return inputGradient
    }
}
