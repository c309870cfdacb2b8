/// Flattens spatial activations to one row per sample: x `[C, B, H, W]` → y `[B, C·H·W]` with
/// features in PyTorch's `(c, h, w)` order, so dense weights mean the same as in PyTorch.
/// Backward transposes back.
public final class Flatten: Layer {
    public let name: String
    public let kind = "flatten"
    public let inputShape: [Int]
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(name: String, inputShape: [Int]) {
        self.name = name
        self.inputShape = inputShape
    }

    public var outputShape: [Int] { [inputShape.reduce(1, *)] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard inputShape.count == 3 else { return input }
        let c = inputShape[0], hw = inputShape[1] * inputShape[2], batch = input.shape[1]
        output.resize([batch, c * hw])
        let x = input.data.baseAddress!, y = output.data.baseAddress!
        for ch in 0..<c {
            for b in 0..<batch {
                (y + b * c * hw + ch * hw).update(from: x + (ch * batch + b) * hw, count: hw)
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        guard inputShape.count == 3 else { return outputGradient }
        let c = inputShape[0], hw = inputShape[1] * inputShape[2], batch = outputGradient.shape[0]
        inputGradient.resize([c, batch, inputShape[1], inputShape[2]])
        let dy = outputGradient.data.baseAddress!, dx = inputGradient.data.baseAddress!
        for ch in 0..<c {
            for b in 0..<batch {
                (dx + (ch * batch + b) * hw).update(from: dy + b * c * hw + ch * hw, count: hw)
            }
        }
        return inputGradient
    }
}
