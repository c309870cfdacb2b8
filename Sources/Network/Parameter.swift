/// A trainable array with its gradient and the optimizer's per-element state.
/// `value` and `grad` have the same count; `state` holds whatever the optimizer keeps
/// (momentum, or Adam's first and second moments), created on first use.
public final class Parameter {
    public let name: String
    public var value: [Float]
    public var grad: [Float]
    public var state: [[Float]] = []
    /// Whether weight decay applies (PyTorch applies it to every parameter by default; so do we).
    public let decays: Bool

    public init(name: String, value: [Float], decays: Bool = true) {
        self.name = name
        self.value = value
        self.grad = [Float](repeating: 0, count: value.count)
        self.decays = decays
    }

    public func zeroGrad() {
        grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// The address of state array `i` (`value.count` elements), first creating `count` arrays
    /// of zeros if there are none. Valid until `state` is next reassigned.
    func stateAddress(_ i: Int, creating count: Int) -> UnsafeMutablePointer<Float> {
        if state.isEmpty { state = (0..<count).map { _ in [Float](repeating: 0, count: value.count) } }
        return state[i].withUnsafeMutableBufferPointer { $0.baseAddress! }
    }
}
