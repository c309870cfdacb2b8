import Foundation
#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

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

    public func begin(_ parameters: [Parameter]) -> OptimizerStep {
        steps += 1
        let t = Float(steps)
        let correction1 = 1 - powf(beta1, t), correction2 = 1 - powf(beta2, t)
        return AdamStep(beta1: beta1, beta2: beta2, epsilon: epsilon, stepSize: learningRate / correction1,
                        rootCorrection2: correction2.squareRoot(),
                        decay: parameters.map { $0.decays ? weightDecay : 0 },
                        first: parameters.map { $0.stateAddress(0, creating: 2) },
                        second: parameters.map { $0.stateAddress(1, creating: 2) })
    }
}

/// One Adam step: its bias-corrected scalars, and per parameter the weight decay λ and the
/// moments m (`state[0]`) and v (`state[1]`), each as long as the parameter.
struct AdamStep: OptimizerStep {
    let beta1, beta2, epsilon: Float
    /// lr / (1−β₁ᵗ) and √(1−β₂ᵗ).
    let stepSize, rootCorrection2: Float
    let decay: [Float]
    let first, second: [UnsafeMutablePointer<Float>]

    /// Four elements at a time, then one at a time: the same IEEE operations in the same order,
    /// so the values do not depend on the grouping.
    func update(_ k: Int, _ range: Range<Int>, value theta: UnsafeMutablePointer<Float>, gradient grad: UnsafePointer<Float>) {
        func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self) }
        func store(_ x: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD4<Float>.self) }
        let m = first[k], v = second[k], decay = decay[k]
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            let t = load(theta + i)
            let g = load(grad + i) + decay * t
            let mi = beta1 * load(m + i) + (1 - beta1) * g
            let vi = beta2 * load(v + i) + (1 - beta2) * g * g
            store(mi, m + i)
            store(vi, v + i)
            store(t - stepSize * mi / (squareRoot(vi) / rootCorrection2 + epsilon), theta + i)
            i += 4
        }
        while i < range.upperBound {
            let g = grad[i] + decay * theta[i]
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            theta[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + epsilon)
            i += 1
        }
    }
}

/// √x of four lanes in one SSE instruction. SIMD4's own `squareRoot()` goes lane by lane through
/// C's `sqrtf` (with a branch for errno on Linux), which took two thirds of an Adam step's time;
/// both are IEEE's correctly rounded square root, so the bits are the same.
@inline(__always) private func squareRoot(_ x: SIMD4<Float>) -> SIMD4<Float> {
    #if arch(x86_64)
    _mm_sqrt_ps(x)
    #else
    x.squareRoot()
    #endif
}
