import XCTest
import Artifacts

/// A file written by h5py the way the PyTorch peer writes (scripts/make-foreign-fixture.py)
/// reads through the same contract as our own.
final class ForeignFileTests: XCTestCase {
    func testReadsAnActivationsFileWrittenByH5py() throws {
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/foreign-activations", withExtension: "h5"))
        let a = try ActivationsFile(path: url.path)
        XCTAssertEqual(a.classes, ["circle", "square", "triangle"])
        XCTAssertEqual(a.labels, (0..<12).map { Int32($0 % 3) })
        XCTAssertEqual(a.epochs, [0, 1, 2])
        XCTAssertEqual(a.imageShape, [4, 4])
        XCTAssertEqual(try a.images().count, 12 * 16)
        XCTAssertEqual(a.producer, "scripts/make-foreign-fixture.py")
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [5]))
        // acts[e, n, d] = (e*60 + n*5 + d) / 10
        let e2 = try a.activations(layer: "fc1", epoch: 2)
        XCTAssertEqual(e2.count, 60)
        XCTAssertEqual(e2[7 * 5 + 3], Float(2 * 60 + 7 * 5 + 3) / 10, accuracy: 1e-6)
        XCTAssertEqual(try a.metric("test_accuracy"), [0, 0.5, 1], "float64 metrics convert to Float")
        let p = try a.probabilities(epoch: 1)
        for n in 0..<12 { XCTAssertEqual(p[n * 3] + p[n * 3 + 1] + p[n * 3 + 2], 1, accuracy: 1e-5) }
    }
}
