/// Batch normalization (Ioffe & Szegedy 2015; PyTorch's `nn.BatchNorm2d` / `nn.BatchNorm1d`):
/// per channel (spatial input `[C, B, H, W]`, statistics over B·H·W) or per feature (flat input
/// `[B, F]`, statistics over B), y = γ · (x − μ) / √(σ² + ε) + β. Training uses the batch's
/// mean and biased variance and updates running estimates with `momentum` (the running
/// variance uses the unbiased estimate, as PyTorch); evaluation uses the running estimates.
public final class BatchNorm: Layer {
    public let name: String
    public let kind = "batchnorm"
    public let outputShape: [Int]
    public let gamma: Parameter
    public let beta: Parameter
    /// Running mean and variance per channel (not trained; saved in checkpoints).
    public let runningMean: Parameter
    public let runningVariance: Parameter
    public let momentum: Float = 0.1
    public let epsilon: Float = 1e-5
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()
    private var normalized = [Float]()
    private var inverseStd = [Float]()
    private var batchInfo = (batch: 0, count: 0)

    public init(name: String, inputShape: [Int]) {
        self.name = name
        outputShape = inputShape
        let c = inputShape[0]
        gamma = Parameter(name: "\(name).weight", value: [Float](repeating: 1, count: c))
        beta = Parameter(name: "\(name).bias", value: [Float](repeating: 0, count: c))
        runningMean = Parameter(name: "\(name).running_mean", value: [Float](repeating: 0, count: c), decays: false)
        runningVariance = Parameter(name: "\(name).running_var", value: [Float](repeating: 1, count: c), decays: false)
    }

    public var parameters: [Parameter] { [gamma, beta] }
    public var buffers: [Parameter] { [runningMean, runningVariance] }
    private var channels: Int { outputShape[0] }
    private var spatial: Bool { outputShape.count == 3 }

    /// Offset of element `i` (0..<count) of channel `c` for a batch of `batch`.
    @inline(__always) private func offset(_ c: Int, _ i: Int, batch: Int, count: Int) -> Int {
        spatial ? c * count + i : i * channels + c
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let batch = spatial ? input.shape[1] : input.shape[0]
        let count = input.count / channels
        batchInfo = (batch, count)
        output.resize(input.shape)
        if normalized.count != input.count { normalized = [Float](repeating: 0, count: input.count) }
        if inverseStd.count != channels { inverseStd = [Float](repeating: 0, count: channels) }
        let x = input.data.baseAddress!, y = output.data.baseAddress!
        for c in 0..<channels {
            var mean: Float, variance: Float
            if training {
                var sum: Double = 0, squares: Double = 0
                for i in 0..<count { let v = Double(x[offset(c, i, batch: batch, count: count)]); sum += v; squares += v * v }
                let m = sum / Double(count)
                let v = max(0, squares / Double(count) - m * m)
                mean = Float(m)
                variance = Float(v)
                runningMean.value[c] = (1 - momentum) * runningMean.value[c] + momentum * mean
                let unbiased = count > 1 ? Float(v * Double(count) / Double(count - 1)) : Float(v)
                runningVariance.value[c] = (1 - momentum) * runningVariance.value[c] + momentum * unbiased
            } else {
                mean = runningMean.value[c]
                variance = runningVariance.value[c]
            }
            let inv = 1 / (variance + epsilon).squareRoot()
            inverseStd[c] = inv
            let g = gamma.value[c], b = beta.value[c]
            for i in 0..<count {
                let o = offset(c, i, batch: batch, count: count)
                let n = (x[o] - mean) * inv
                normalized[o] = n
                y[o] = g * n + b
            }
        }
        return output
    }

    /// dx = γ/√(σ²+ε) · (dy − mean(dy) − x̂ · mean(dy · x̂)); dγ = Σ dy · x̂; dβ = Σ dy.
    public func backward(_ outputGradient: Tensor) -> Tensor {
        let (batch, count) = batchInfo
        inputGradient.resize(outputGradient.shape)
        let dy = outputGradient.data.baseAddress!, dx = inputGradient.data.baseAddress!
        for c in 0..<channels {
            var sumDy: Float = 0, sumDyX: Float = 0
            for i in 0..<count {
                let o = offset(c, i, batch: batch, count: count)
                sumDy += dy[o]
                sumDyX += dy[o] * normalized[o]
            }
            gamma.grad[c] += sumDyX
            beta.grad[c] += sumDy
            let scale = gamma.value[c] * inverseStd[c], n = Float(count)
            for i in 0..<count {
                let o = offset(c, i, batch: batch, count: count)
                dx[o] = scale * (dy[o] - sumDy / n - normalized[o] * sumDyX / n)
            }
        }
        return inputGradient
    }
}
