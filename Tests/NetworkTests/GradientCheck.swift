import XCTest
@testable import Network
import Support

/// Finite-difference gradient checks. The scalar checked is L = Σ y ⊙ r for a fixed random r,
/// so backward(r) must equal ∂L/∂x and the accumulated parameter gradients ∂L/∂θ. Central
/// differences with step `eps`, loss summed in Double; a component passes when
/// |analytic − numeric| ≤ 2e-3 + 2e-2·|numeric| (float32 round-off at eps = 1e-2 stays well
/// inside this; a wrong formula does not).
struct GradientCheck {
    var eps: Float = 1e-2
    var random = SeededRandom(seed: 99)

    mutating func randomValues(_ n: Int, scale: Double = 1) -> [Float] {
        (0..<n).map { _ in Float(random.uniform(-scale, scale)) }
    }

    func loss(_ layer: Layer, _ x: Tensor, _ r: [Float], training: Bool) -> Double {
        let y = layer.forward(x, training: training)
        var sum: Double = 0
        for i in 0..<y.count { sum += Double(y.data[i]) * Double(r[i]) }
        return sum
    }

    /// Checks ∂L/∂x at up to `samples` input positions and ∂L/∂θ at up to `samples` positions of
    /// every parameter.
    mutating func check(_ layer: Layer, input: Tensor, training: Bool = true, samples: Int = 40,
                        file: StaticString = #filePath, line: UInt = #line) {
        let outCount = layer.forward(input, training: training).count
        let r = randomValues(outCount)
        layer.parameters.forEach { $0.zeroGrad() }
        _ = layer.forward(input, training: training)
        let upstream = Tensor(shape: layer.forward(input, training: training).shape, values: r)
        layer.parameters.forEach { $0.zeroGrad() }
        _ = layer.forward(input, training: training)
        let dx = layer.backward(upstream).values
        let analyticParams = layer.parameters.map(\.grad)

        func compare(_ analytic: Float, _ numeric: Double, _ what: String) {
            XCTAssertLessThanOrEqual(abs(Double(analytic) - numeric), 2e-3 + 2e-2 * abs(numeric),
                                     "\(layer.name) \(what): analytic \(analytic) vs numeric \(numeric)", file: file, line: line)
        }
        for i in stride(from: 0, to: input.count, by: max(1, input.count / samples)) {
            let saved = input.data[i]
            input.data[i] = saved + eps
            let plus = loss(layer, input, r, training: training)
            input.data[i] = saved - eps
            let minus = loss(layer, input, r, training: training)
            input.data[i] = saved
            compare(dx[i], (plus - minus) / Double(2 * eps), "dx[\(i)]")
        }
        for (k, p) in layer.parameters.enumerated() {
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / samples)) {
                let saved = p.value[i]
                p.value[i] = saved + eps
                let plus = loss(layer, input, r, training: training)
                p.value[i] = saved - eps
                let minus = loss(layer, input, r, training: training)
                p.value[i] = saved
                compare(analyticParams[k][i], (plus - minus) / Double(2 * eps), "\(p.name)[\(i)]")
            }
        }
    }
}
