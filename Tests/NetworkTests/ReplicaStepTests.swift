import XCTest
import Foundation
@testable import Network
import Support

/// `Replicas.step`, the fused gradient sum, optimizer update, weight copy and gradient zeroing
/// on every thread, against a plain reference written here: sum the copies' gradients in copy
/// order, then Adam's or SGD's scalar formulas one element at a time. The weights, the optimizer
/// state and the step count must be the same bits after every one of three steps, with weight
/// decay on; every copy must then hold the primary's weights and buffers and zero gradients.
final class ReplicaStepTests: XCTestCase {
    /// fc1's weight (256 × 13 = 3,328) spans several chunks of a thread's slice, and most slices
    /// (of 13, 39, 1,109 elements …) are no multiple of 4, so Adam's one-at-a-time tail runs too.
    let specs: [LayerSpec] = [
        .conv2d(name: "conv1", outChannels: 4, kernel: 3, stride: 1, padding: 1), .batchNorm(name: "bn1"),
        .relu(name: "relu1"), .maxPool(name: "pool1", size: 2, stride: 2), .flatten(name: "flatten"),
        .dense(name: "fc1", units: 13), .relu(name: "relu2"), .dense(name: "fc2", units: 3),
    ]

    enum Kind { case adam, sgd }
    let learningRate: Float = 0.01, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    let momentum: Float = 0.9, weightDecay: Float = 0.05

    func testAdamMatchesTheReferenceBitForBit() throws {
        for count in [1, 2, 3] { try check(.adam, replicas: count) }
    }

    func testSGDWithMomentumMatchesTheReferenceBitForBit() throws {
        for count in [1, 2, 3] { try check(.sgd, replicas: count) }
    }

    func check(_ kind: Kind, replicas count: Int) throws {
        let replicas = try Replicas(count: count) { try Model(specs: specs, inputShape: [1, 16, 16], classCount: 3, seed: 5) }
        let optimizer: Optimizer = kind == .adam
            ? Adam(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
            : SGD(learningRate: learningRate, momentum: momentum, weightDecay: weightDecay)
        let primary = replicas.primary
        var theta = primary.parameters.map(\.value)
        var first = theta.map { [Float](repeating: 0, count: $0.count) }, second = first
        var random = SeededRandom(seed: UInt64(count))
        let what = "\(kind), \(count) replicas"
        for step in 1...3 {
            // Different gradients in every copy, and running statistics in the primary to copy.
            for model in replicas.models {
                for p in model.parameters { p.grad = p.grad.map { _ in Float(random.uniform(-1, 1)) } }
            }
            for b in primary.buffers { b.value = b.value.map { _ in Float(random.uniform(0, 2)) } }
            for k in theta.indices {
                var sum = primary.parameters[k].grad
                for model in replicas.models.dropFirst() {
                    for i in sum.indices { sum[i] += model.parameters[k].grad[i] }
                }
                let decay = primary.parameters[k].decays ? weightDecay : 0
                switch kind {
                case .adam:
                    let t = Float(step)
                    let stepSize = learningRate / (1 - powf(beta1, t)), rootCorrection2 = (1 - powf(beta2, t)).squareRoot()
                    for i in sum.indices {
                        let g = sum[i] + decay * theta[k][i]
                        first[k][i] = beta1 * first[k][i] + (1 - beta1) * g
                        second[k][i] = beta2 * second[k][i] + (1 - beta2) * g * g
                        theta[k][i] -= stepSize * first[k][i] / (second[k][i].squareRoot() / rootCorrection2 + epsilon)
                    }
                case .sgd:
                    for i in sum.indices {
                        let g = sum[i] + decay * theta[k][i]
                        first[k][i] = step == 1 ? g : momentum * first[k][i] + g
                        theta[k][i] -= learningRate * first[k][i]
                    }
                }
            }

            replicas.step(optimizer)

            XCTAssertEqual(optimizer.steps, step, what)
            for (k, p) in primary.parameters.enumerated() {
                let at = "\(what), step \(step), \(p.name)"
                assertSameBits(p.value, theta[k], "weights, " + at)
                XCTAssertEqual(p.state.count, kind == .adam ? 2 : 1, at)
                assertSameBits(p.state.first ?? [], first[k], "state[0], " + at)
                if kind == .adam { assertSameBits(p.state.last ?? [], second[k], "state[1], " + at) }
            }
            for (r, model) in replicas.models.enumerated() {
                let at = "\(what), step \(step), replica \(r)"
                for (p, q) in zip(model.parameters + model.buffers, primary.parameters + primary.buffers) {
                    assertSameBits(p.value, q.value, "\(p.name) as the primary's, " + at)
                }
                for p in model.parameters { assertSameBits(p.grad, [Float](repeating: 0, count: p.grad.count), "\(p.name) gradient, " + at) }
            }
        }
    }

    /// Fails at the first element whose bits differ (so −0 and +0 differ too).
    func assertSameBits(_ a: [Float], _ b: [Float], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        if let i = (0..<min(a.count, b.count)).first(where: { a[$0].bitPattern != b[$0].bitPattern }) {
            XCTFail("\(what)[\(i)]: \(a[i]) against \(b[i])", file: file, line: line)
        }
    }
}
