import XCTest
import Foundation
import Network
import Support

/// Compares with PyTorch 2.15 on a fixed tiny CNN (scripts/make-network-fixture.py): logits,
/// loss and gradients within 1e-5, and parameters after two Adam or SGD-momentum steps with
/// weight decay within 1e-4.
final class PyTorchReferenceTests: XCTestCase {
    struct Reference: Decodable {
        let input: [Float]
        let labels: [Int32]
        let logits: [Float]
        let loss: Double
        let parameters: [String: [Float]]
        let gradients: [String: [Float]]
        let adam: [String: [Float]]
        let sgd: [String: [Float]]
    }

    func load() throws -> Reference {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/pytorch-reference", withExtension: "json"))
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    func model(_ r: Reference) throws -> Model {
        let m = try Model(specs: [
            .conv2d(name: "conv1", outChannels: 2, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
            .maxPool(name: "pool1", size: 2, stride: 2), .flatten(name: "flatten1"),
            .dense(name: "fc1", units: 4), .relu(name: "relu2"), .dense(name: "fc2", units: 3),
        ], inputShape: [1, 6, 6], classCount: 3, seed: 0)
        for p in m.parameters { p.value = try XCTUnwrap(r.parameters[p.name], p.name) }
        return m
    }

    func step(_ m: Model, _ r: Reference, _ optimizer: Optimizer) {
        let x = Tensor(shape: [1, 2, 6, 6], values: r.input)
        let loss = SoftmaxCrossEntropy()
        loss.forward(logits: m.forward(x, training: true), labels: r.labels)
        m.backward(loss.backward())
        Replicas(count: 1) { m }.step(optimizer)   // leaves the gradients zero for the next step
    }

    func testForwardAndGradientsMatchPyTorch() throws {
        let r = try load()
        let m = try model(r)
        let x = Tensor(shape: [1, 2, 6, 6], values: r.input)
        let loss = SoftmaxCrossEntropy()
        let logits = m.forward(x, training: true)
        assertClose(logits.values, r.logits, 1e-5, "logits", reference: "PyTorch")
        XCTAssertEqual(loss.forward(logits: logits, labels: r.labels).loss, r.loss, accuracy: 1e-5)
        m.zeroGradients()
        m.backward(loss.backward())
        for p in m.parameters { assertClose(p.grad, r.gradients[p.name]!, 1e-5, "grad \(p.name)", reference: "PyTorch") }
    }

    func testAdamAndSGDStepsMatchPyTorch() throws {
        let r = try load()
        let adam = try model(r)
        let a = Adam(learningRate: 0.01, weightDecay: 0.01)
        step(adam, r, a); step(adam, r, a)
        for p in adam.parameters { assertClose(p.value, r.adam[p.name]!, 1e-4, "adam \(p.name)", reference: "PyTorch") }
        let sgd = try model(r)
        let s = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        step(sgd, r, s); step(sgd, r, s)
        for p in sgd.parameters { assertClose(p.value, r.sgd[p.name]!, 1e-4, "sgd \(p.name)", reference: "PyTorch") }
    }
}
