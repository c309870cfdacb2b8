/// Stochastic gradient descent with momentum and weight decay, as PyTorch's `optim.SGD`
/// (dampening 0, not Nesterov): g ← ∇ + λ·θ; v ← μ·v + g (v = g on the first step); θ ← θ − lr·v.
/// Without momentum there is no state and θ ← θ − lr·g.
public final class SGD: Optimizer {
    public let learningRate, momentum, weightDecay: Float
    public var steps = 0

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func begin(_ parameters: [Parameter]) -> OptimizerStep {
        defer { steps += 1 }
        return SGDStep(learningRate: learningRate, momentum: momentum, first: steps == 0,
                       decay: parameters.map { $0.decays ? weightDecay : 0 },
                       velocity: momentum == 0 ? [] : parameters.map { $0.stateAddress(0, creating: 1) })
    }
}

/// One SGD step: whether it is the first, and per parameter the weight decay λ and, with
/// momentum, the velocity v (`state[0]`, as long as the parameter).
struct SGDStep: OptimizerStep {
    let learningRate, momentum: Float
    let first: Bool
    let decay: [Float]
    let velocity: [UnsafeMutablePointer<Float>]

    func update(_ k: Int, _ range: Range<Int>, value theta: UnsafeMutablePointer<Float>, gradient grad: UnsafePointer<Float>) {
        let decay = decay[k]
        if momentum == 0 {
            for i in range { theta[i] -= learningRate * (grad[i] + decay * theta[i]) }
            return
        }
        let v = velocity[k]
        for i in range {
            let g = grad[i] + decay * theta[i]
            v[i] = first ? g : momentum * v[i] + g
            theta[i] -= learningRate * v[i]
        }
    }
}
