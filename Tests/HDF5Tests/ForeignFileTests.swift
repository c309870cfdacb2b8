import XCTest
import Artifacts

/// A version 1 file written by h5py the way the PyTorch peer writes
/// (scripts/make-foreign-fixture.py) reads through the same contract as our own, its epochs
/// as snapshots at epoch ends with unknown steps.
final class ForeignFileTests: XCTestCase {
    func testReadsAnActivationsFileWrittenByH5py() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/foreign-activations", withExtension: "h5"))
        let a = try ActivationsFile(path: url.path)
        XCTAssertEqual(a.classes, ["circle", "square", "triangle"])
        XCTAssertEqual(a.labels, (0..<12).map { Int32($0 % 3) })
        XCTAssertEqual(a.formatVersion, 1)
        XCTAssertEqual(a.snapshots, [0, 1, 2].map { Snapshot(step: nil, imagesSeen: nil, epoch: Double($0), epochEnd: true) })
        XCTAssertEqual(a.steps, [-1, -1, -1])
        XCTAssertEqual(a.describe(2), "snapshot 2 (epoch 2)")
        XCTAssertNil(a.trainSize)
        XCTAssertEqual(a.defaultLayer, "fc1", "the only recorded layer")
        XCTAssertEqual(a.imageShape, [4, 4])
        XCTAssertEqual(try a.images().count, 12 * 16)
        XCTAssertEqual(a.producer, "scripts/make-foreign-fixture.py")
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [5]))
        // acts[e, n, d] = (e*60 + n*5 + d) / 10
        let e2 = try a.activations(layer: "fc1", snapshot: 2)
        XCTAssertEqual(e2.count, 60)
        XCTAssertEqual(e2[7 * 5 + 3], Float(2 * 60 + 7 * 5 + 3) / 10, accuracy: 1e-6)
        XCTAssertEqual(try a.metric(.testAccuracy), [0, 0.5, 1], "float64 metrics convert to Float")
        XCTAssertTrue(try a.metric(.trackedAccuracy).allSatisfy(\.isNaN), "version 1 has no tracked metrics")
        let p = try a.probabilities(snapshot: 1)
        for n in 0..<12 { XCTAssertEqual(p[n * 3] + p[n * 3 + 1] + p[n * 3 + 2], 1, accuracy: 1e-5) }
    }
}
