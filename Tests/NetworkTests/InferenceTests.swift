import XCTest
@testable import Network
import Support

/// The forward-only pass for recording: same values as a whole-batch evaluation forward, the
/// same bytes from one model or split across replicas, and no change to the model.
final class InferenceTests: XCTestCase {
    let specs: [LayerSpec] = [
        .conv2d(name: "conv1", outChannels: 3, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
        .maxPool(name: "pool1", size: 2, stride: 2), .conv2d(name: "conv2", outChannels: 4, kernel: 3, stride: 1, padding: 1),
        .relu(name: "relu2"), .flatten(name: "flatten1"), .dense(name: "fc1", units: 6), .relu(name: "relu3"),
        .dropout(name: "drop", p: 0.5), .dense(name: "fc2", units: 3),
    ]

    func images(_ n: Int) -> Tensor {
        var random = SeededRandom(seed: 8)
        return Tensor(shape: [1, n, 6, 6], values: (0..<n * 36).map { _ in Float(random.uniform(0, 1)) })
    }

    func testInferMatchesAWholeBatchEvaluationForward() throws {
        let model = try Model(specs: specs, inputShape: [1, 6, 6], classCount: 3, seed: 3)
        let x = images(7)
        let pool = try model.recordingIndex(of: "pool1"), fc1 = try model.recordingIndex(of: "fc1")
        let result = model.infer(x, captureAt: [pool, fc1], chunk: 3)
        let logits = model.forward(x, training: false).values
        XCTAssertEqual(result.logits.count, 7 * 3)
        for (a, b) in zip(result.logits, logits) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // fc1 after its ReLU and dropout (identity in evaluation): [N, 6].
        XCTAssertEqual(result.captures[1].count, 7 * 6)
        for (a, b) in zip(result.captures[1], model.outputs[fc1].values) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        // pool1 is spatial [3, N, 3, 3] in the model; captured per sample in (c, h, w) order.
        let spatial = model.outputs[pool].values
        XCTAssertEqual(result.captures[0].count, 7 * 27)
        for n in 0..<7 {
            for c in 0..<3 {
                for i in 0..<9 { XCTAssertEqual(result.captures[0][n * 27 + c * 9 + i], spatial[(c * 7 + n) * 9 + i], accuracy: 1e-6) }
            }
        }
    }

    func testReplicasGiveTheSameBytesAsOneModel() throws {
        let replicas = try Replicas(count: 2) { try Model(specs: specs, inputShape: [1, 6, 6], classCount: 3, seed: 3) }
        let single = try Model(specs: specs, inputShape: [1, 6, 6], classCount: 3, seed: 3)
        let x = images(11)
        let fc1 = try single.recordingIndex(of: "fc1")
        let one = single.infer(x, captureAt: [fc1], chunk: 2)
        let split = replicas.infer(count: 11, captureAt: [fc1], chunk: 2) { range, tensor in copySamples(range, of: x, into: tensor) }
        XCTAssertEqual(one.logits, split.logits)
        XCTAssertEqual(one.captures, split.captures)
    }

    func testInferChangesNothingInTheModel() throws {
        let model = try Model(specs: specs, inputShape: [1, 6, 6], classCount: 3, seed: 3)
        let before = model.parameters.map(\.value)
        let x = images(5)
        let first = model.infer(x, captureAt: [], chunk: 4)
        XCTAssertEqual(model.parameters.map(\.value), before)
        XCTAssertEqual(model.infer(x, captureAt: [], chunk: 4).logits, first.logits)
    }
}
