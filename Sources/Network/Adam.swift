import Foundation

/// Adam (Kingma & Ba 2015) as PyTorch's `optim.Adam` with L2 weight decay added to the
/// gradient: g ← ∇ + λ·θ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
/// θ ← θ − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
public final class Adam: Optimizer {
    public let learningRate, beta1, beta2, epsilon, weightDecay: Float
    public var steps = 0

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    public func step(_ parameters: [Parameter]) {
        steps += 1
        let t = Float(steps)
        let correction1 = 1 - powf(beta1, t), correction2 = 1 - powf(beta2, t)
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        for p in parameters {
            if p.state.isEmpty { p.state = [[Float](repeating: 0, count: p.value.count), [Float](repeating: 0, count: p.value.count)] }
            let decay = p.decays ? weightDecay : 0
            // Move the moments out so they are uniquely referenced while both are written.
            var first = p.state[0], second = p.state[1]
            p.state = []
            p.value.withUnsafeMutableBufferPointer { theta in
                p.grad.withUnsafeBufferPointer { grad in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            adamUpdate(theta.baseAddress!, grad.baseAddress!, m.baseAddress!, v.baseAddress!, count: theta.count,
                                       beta1: beta1, beta2: beta2, epsilon: epsilon, decay: decay, stepSize: stepSize,
                                       rootCorrection2: rootCorrection2)
                        }
                    }
                }
            }
            p.state = [first, second]
        }
    }
}

/// Adam's per-element update, four elements at a time (the same IEEE operations, in the same
/// order, as one at a time, so the values do not depend on the grouping).
private func adamUpdate(_ theta: UnsafeMutablePointer<Float>, _ grad: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
                        _ v: UnsafeMutablePointer<Float>, count: Int, beta1: Float, beta2: Float, epsilon: Float,
                        decay: Float, stepSize: Float, rootCorrection2: Float) {
    func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self) }
    func store(_ x: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD4<Float>.self) }
    var i = 0
    while i + 4 <= count {
        let t = load(theta + i)
        let g = load(grad + i) + decay * t
        let mi = beta1 * load(m + i) + (1 - beta1) * g
        let vi = beta2 * load(v + i) + (1 - beta2) * g * g
        store(mi, m + i)
        store(vi, v + i)
        store(t - stepSize * mi / (vi.squareRoot() / rootCorrection2 + epsilon), theta + i)
        i += 4
    }
    while i < count {
        let g = grad[i] + decay * theta[i]
        m[i] = beta1 * m[i] + (1 - beta1) * g
        v[i] = beta2 * v[i] + (1 - beta2) * g * g
        theta[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
        i += 1
    }
}
