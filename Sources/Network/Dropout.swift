import Support

/// Inverted dropout (PyTorch's `nn.Dropout`): in training each element is zeroed with
/// probability `p` and the survivors scaled by 1/(1 − p); in evaluation it is the identity.
/// The mask comes from the layer's own seeded generator, so runs are reproducible.
public final class Dropout: Layer {
    public let name: String
    public let kind = "dropout"
    public let p: Float
    public let outputShape: [Int]
    public var needsInputGradient = true
    /// The mask generator's state; saved in checkpoints so a resumed run draws the same masks.
    public var random: SeededRandom
    private let output = Tensor()
    private let inputGradient = Tensor()
    private var mask = [Float]()

    public init(name: String, inputShape: [Int], p: Float, seed: UInt64) {
        self.name = name
        self.p = p
        outputShape = inputShape
        random = SeededRandom(seed: seed)
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard training, p > 0 else { mask = []; return input }
        output.resize(input.shape)
        if mask.count != input.count { mask = [Float](repeating: 0, count: input.count) }
        let scale = 1 / (1 - p)
        let x = input.data.baseAddress!, y = output.data.baseAddress!
        mask.withUnsafeMutableBufferPointer { m in
            for i in 0..<input.count {
                m[i] = random.unitFloat() < p ? 0 : scale
                y[i] = x[i] * m[i]
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard !mask.isEmpty else { return outputGradient }
        inputGradient.resize(outputGradient.shape)
        let dy = outputGradient.data.baseAddress!, dx = inputGradient.data.baseAddress!
        mask.withUnsafeBufferPointer { m in
            for i in 0..<outputGradient.count { dx[i] = dy[i] * m[i] }
        }
        return inputGradient
    }
}
