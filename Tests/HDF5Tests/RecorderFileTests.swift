import Foundation
import XCTest
import Artifacts

/// A file written by the Python recorder (python/, scripts/make-recorder-fixture.py: a tiny
/// PyTorch CNN, 2 epochs of 3 steps) reads through the contract, with the figures the script
/// computed from it with h5py (recorder-activations.json).
final class RecorderFileTests: XCTestCase {
    struct Expected: Decodable {
        let fc1_sums: [Double]
        let conv_first: [Float]
        let tracked_accuracy: [Float]
        let train_loss_last: Float
    }

    func fixture(_ ext: String) throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/recorder-activations", withExtension: ext))
    }

    func testReadsTheRecordersFile() throws {
        let a = try ActivationsFile(path: try fixture("h5").path)
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: try fixture("json")))
        XCTAssertEqual(a.classes, ["circle", "square", "triangle"])
        XCTAssertEqual(a.labels, (0..<12).map { Int32($0 % 3) })
        XCTAssertEqual(a.imageShape, [6, 6])
        XCTAssertTrue(a.producer.hasPrefix("cnn_timelapse 0.2.0 (torch "), a.producer)
        XCTAssertEqual(a.trainSize, 24)
        XCTAssertEqual(a.defaultLayer, "fc1")
        XCTAssertEqual(a.layerNames, ["conv", "fc1"])
        XCTAssertEqual(try a.layer("conv"), .init(name: "conv", kind: "conv2d", shape: [2, 4, 4]))
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [5]))
        // The schedule for B = 3, E = 2 records every step; 8 images per step of 24 per epoch.
        XCTAssertEqual(a.snapshots.map(\.step), (0...6).map { Int64($0) })
        XCTAssertEqual(a.snapshots.map(\.imagesSeen), (0...6).map { Int64($0 * 8) })
        XCTAssertEqual(a.snapshots.map(\.epoch), (0...6).map { Double($0) / 3 })
        XCTAssertEqual(a.snapshots.map(\.epochEnd), [true, false, false, true, false, false, true])
        let test = try a.metric(.testAccuracy)
        XCTAssertEqual(test.count, 7)
        for (s, value) in test.enumerated() {
            if s % 3 == 0 { XCTAssertEqual(value, [0.25, 0.5, 0.75][s / 3]) } else { XCTAssertTrue(value.isNaN, "snapshot \(s)") }
        }
        XCTAssertEqual(try a.metric(.trackedAccuracy), expected.tracked_accuracy)
        XCTAssertEqual(try a.metric(.trainLoss).last, expected.train_loss_last)
        XCTAssertTrue(try a.metric(.trainLoss)[0].isNaN)
        XCTAssertEqual(try a.metric(.seconds)[0], 0)
        for s in 0..<7 {
            let fc1 = try a.activations(layer: "fc1", snapshot: s)
            XCTAssertEqual(fc1.count, 12 * 5)
            XCTAssertEqual(fc1.reduce(0) { $0 + Double($1) }, expected.fc1_sums[s], accuracy: 1e-5)
            let p = try a.probabilities(snapshot: s)
            for n in 0..<12 { XCTAssertEqual(p[n * 3] + p[n * 3 + 1] + p[n * 3 + 2], 1, accuracy: 1e-5) }
        }
        XCTAssertEqual(Array(try a.activations(layer: "conv", snapshot: 1).prefix(4)), expected.conv_first)
    }
}
