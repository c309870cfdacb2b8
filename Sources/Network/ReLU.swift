/// Rectified linear unit, y = max(0, x), elementwise on any shape; backward passes the
/// gradient where y > 0 (PyTorch's convention at 0: gradient 0).
public final class ReLU: Layer {
    public let name: String
    public let kind = "relu"
    public let outputShape: [Int]
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()

    public init(name: String, inputShape: [Int]) {
        self.name = name
        outputShape = inputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        output.resize(input.shape)
        let x = input.data.baseAddress!, y = output.data.baseAddress!
        for i in 0..<input.count { y[i] = max(x[i], 0) }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        inputGradient.resize(outputGradient.shape)
        let y = output.data.baseAddress!, dy = outputGradient.data.baseAddress!, dx = inputGradient.data.baseAddress!
        for i in 0..<outputGradient.count { dx[i] = y[i] > 0 ? dy[i] : 0 }
        return inputGradient
    }
}
