import XCTest
@testable import Network
import Support

/// `Model.forward` in training and `Model.backward` take a ReLU followed by a max-pool in one
/// pass of the pool; the logits and gradients must be exactly those of the layers' own passes,
/// one after the other.
final class FusedBackwardTests: XCTestCase {
    func testReLUThenPoolInOnePassGivesTheLayerByLayerValues() throws {
        let specs: [LayerSpec] = [
            .conv2d(name: "conv1", outChannels: 4, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
            .maxPool(name: "pool1", size: 2, stride: 2),
            .conv2d(name: "conv2", outChannels: 5, kernel: 3, stride: 1, padding: 0), .relu(name: "relu2"),
            .maxPool(name: "pool2", size: 2, stride: 1),   // overlapping windows: the scatter path
            .flatten(name: "flatten"), .dense(name: "fc", units: 3),
        ]
        func model() throws -> Model { try Model(specs: specs, inputShape: [2, 10, 10], classCount: 3, seed: 7) }
        let fused = try model(), plain = try model()
        var random = SeededRandom(seed: 3)
        // Centred inputs: many windows are all negative after the convolution, so the ReLU matters.
        let x = Tensor(shape: [2, 6, 10, 10], values: (0..<1200).map { _ in Float(random.uniform(-1, 1)) })
        let labels: [Int32] = [0, 1, 2, 0, 1, 2]
        var logits: [[Float]] = []
        for m in [fused, plain] {
            m.zeroGradients()
            let loss = SoftmaxCrossEntropy()
            var y = x
            if m === fused {
                y = m.forward(x, training: true)
            } else {
                for layer in m.layers { y = layer.forward(y, training: true) }
            }
            logits.append(y.values)
            loss.forward(logits: y, labels: labels)
            let g = loss.backward(totalBatch: 6)
            if m === fused {
                m.backward(g)
            } else {
                var d = g
                for layer in m.layers.reversed() { d = layer.backward(d) }
            }
        }
        XCTAssertEqual(logits[0], logits[1])
        let relu1 = try XCTUnwrap(plain.layers[1] as? ReLU)
        let zeroWindows = (plain.layers[2] as! MaxPool2D).forward(relu1.forward(fused.outputs[0], training: false), training: false)
            .values.filter { $0 == 0 }.count
        XCTAssertGreaterThan(zeroWindows, 0, "some windows pass no gradient")
        for (a, b) in zip(fused.parameters, plain.parameters) {
            XCTAssertEqual(a.grad, b.grad, a.name)
            XCTAssertTrue(a.grad.contains { $0 != 0 }, a.name)
        }
    }

    /// In evaluation the pair is fused unless the ReLU is kept (recorded): the same logits and
    /// pooled values either way, and a kept ReLU's slot holds its own output.
    func testEvaluationFusesUnlessTheReLUIsKept() throws {
        let specs: [LayerSpec] = [
            .conv2d(name: "conv1", outChannels: 4, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
            .maxPool(name: "pool1", size: 2, stride: 2), .flatten(name: "flatten"), .dense(name: "fc", units: 3),
        ]
        let model = try Model(specs: specs, inputShape: [1, 12, 12], classCount: 3, seed: 2)
        var random = SeededRandom(seed: 9)
        let x = Tensor(shape: [1, 5, 12, 12], values: (0..<720).map { _ in Float(random.uniform(-1, 1)) })
        let relu = try model.recordingIndex(of: "conv1")
        XCTAssertEqual(relu, 1)
        let fused = model.forward(x, training: false).values, fusedPool = model.outputs[2].values
        let kept = model.forward(x, training: false, keeping: [relu]).values
        XCTAssertEqual(fused, kept)
        XCTAssertEqual(model.outputs[2].values, fusedPool)
        XCTAssertEqual(model.outputs[1].values, model.outputs[0].values.map { max($0, 0) })
    }
}
