/// Stochastic gradient descent with momentum and weight decay, as PyTorch's `optim.SGD`
/// (dampening 0, not Nesterov): g ← ∇ + λ·θ; v ← μ·v + g (v = g on the first step); θ ← θ − lr·v.
public final class SGD: Optimizer {
    public let learningRate, momentum, weightDecay: Float
    public var steps = 0

    public init(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        for p in parameters {
            if momentum != 0, p.state.isEmpty { p.state = [[Float](repeating: 0, count: p.value.count)] }
            let decay = p.decays ? weightDecay : 0
            let first = steps == 0
            var velocity = p.state.first ?? []
            p.state = []
            defer { if momentum != 0 { p.state = [velocity] } }
            p.value.withUnsafeMutableBufferPointer { theta in
                p.grad.withUnsafeBufferPointer { grad in
                    if momentum == 0 {
                        for i in 0..<theta.count { theta[i] -= learningRate * (grad[i] + decay * theta[i]) }
                        return
                    }
                    velocity.withUnsafeMutableBufferPointer { v in
                        for i in 0..<theta.count {
                            let g = grad[i] + decay * theta[i]
                            v[i] = first ? g : momentum * v[i] + g
                            theta[i] -= learningRate * v[i]
                        }
                    }
                }
            }
        }
        steps += 1
    }
}
