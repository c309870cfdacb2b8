import XCTest
import Artifacts
import HDF5
import Support

/// `/samples/image` in every layout the contract allows reads as channels-last pictures.
final class PictureLayoutTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    /// Writes 2 samples whose pictures have the per-picture `shape` and bytes 0, 1, 2, … and reads them.
    func read(shape: [Int]) throws -> ActivationsFile {
        let path = dir.file("\(shape.map(String.init).joined(separator: "x")).h5")
        let size = shape.reduce(1, *)
        let layout = ActivationsLayout(classes: ["a", "b"], labels: [0, 1], sourceIndex: [0, 1],
                                       images: (0..<(2 * size)).map { UInt8($0) }, imageShape: shape,
                                       layers: [.init(name: "fc1", kind: "dense", shape: [1])],
                                       producer: "test", config: "{}", seed: 0, defaultLayer: "fc1", trainSize: 10)
        let w = try ActivationsWriter(path: path, layout: layout)
        try w.append(SnapshotRecord(step: 0, imagesSeen: 0, epoch: 0, epochEnd: true, metrics: [:],
                                    probabilities: [1, 0, 0, 1], activations: ["fc1": [0, 1]]))
        try w.commit()
        return try ActivationsFile(path: path)
    }

    func testGreyAndChannelsLastReadAsWritten() throws {
        for (shape, seen) in [([2, 3], [2, 3]), ([2, 3, 1], [2, 3]), ([2, 3, 3], [2, 3, 3]), ([3, 2, 3], [3, 2, 3])] {
            let a = try read(shape: shape)
            XCTAssertEqual(a.imageShape, seen, "\(shape)")
            XCTAssertEqual(try a.images(), (0..<(2 * shape.reduce(1, *))).map { UInt8($0) }, "\(shape)")
        }
    }

    func testChannelsFirstReadsAsChannelsLast() throws {
        // [3, 2, 4]: planes R, G, B of 2×4 pixels; picture i's byte (c, y, x) is i·24 + c·8 + y·4 + x.
        let a = try read(shape: [3, 2, 4])
        XCTAssertEqual(a.imageShape, [2, 4, 3])
        var expected: [UInt8] = []
        for i in 0..<2 { for y in 0..<2 { for x in 0..<4 { for c in 0..<3 { expected.append(UInt8(i * 24 + c * 8 + y * 4 + x)) } } } }
        XCTAssertEqual(try a.images(), expected)
        let grey = try read(shape: [1, 2, 4])
        XCTAssertEqual(grey.imageShape, [2, 4])
        XCTAssertEqual(try grey.images(), (0..<16).map { UInt8($0) })
    }

    func testOtherShapesAreRefused() throws {
        for shape in [[2, 3, 2], [4, 2, 2], [5]] {
            XCTAssertThrowsError(try read(shape: shape), "\(shape)") {
                XCTAssertTrue(($0 as! ToolError).message.contains("expected [2, H, W], [2, H, W, 1|3] or [2, 1|3, H, W]"), "\(shape): \($0)")
            }
        }
    }
}
