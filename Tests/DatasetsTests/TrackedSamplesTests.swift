import Support
import XCTest
@testable import Datasets

final class TrackedSamplesTests: XCTestCase {
    /// 3 classes of 50, 30 and 5 images with pixel value = index.
    func testSplit() throws -> LabeledImages {
        let labels = [Int32](repeating: 0, count: 50) + [Int32](repeating: 1, count: 30) + [Int32](repeating: 2, count: 5)
        var r = SeededRandom(seed: 99)
        var shuffled = labels
        r.shuffle(&shuffled)
        return try LabeledImages(height: 1, width: 1, classNames: ["a", "b", "c"],
                                 pixels: (0..<85).map { UInt8($0) }, labels: shuffled)
    }

    func testBalancedSortedAndConsistent() throws {
        let test = try testSplit()
        let t = try TrackedSamples(from: test, count: 30, seed: 5)
        let counts = t.images.classCounts
        XCTAssertEqual(counts.reduce(0, +), 30)
        XCTAssertEqual(counts[2], 5, "the small class gives all it has")
        XCTAssertLessThanOrEqual(abs(counts[0] - counts[1]), 1)
        XCTAssertEqual(t.sourceIndices, t.sourceIndices.sorted())
        XCTAssertEqual(Set(t.sourceIndices).count, 30)
        for (k, i) in t.sourceIndices.enumerated() {
            XCTAssertEqual(t.images.labels[k], test.labels[i])
            XCTAssertEqual(t.images.pixels[k], UInt8(i))
        }
    }

    func testEvenSplitWhenClassesSuffice() throws {
        let t = try TrackedSamples(from: try testSplit(), count: 14, seed: 2)
        XCTAssertEqual(t.images.classCounts.sorted(), [4, 5, 5])
    }

    func testSeededDeterminism() throws {
        let test = try testSplit()
        XCTAssertEqual(try TrackedSamples(from: test, count: 20, seed: 1).sourceIndices,
                       try TrackedSamples(from: test, count: 20, seed: 1).sourceIndices)
        XCTAssertNotEqual(try TrackedSamples(from: test, count: 20, seed: 1).sourceIndices,
                          try TrackedSamples(from: test, count: 20, seed: 2).sourceIndices)
    }

    func testTooManyIsAnError() throws {
        XCTAssertThrowsError(try TrackedSamples(from: try testSplit(), count: 86)) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("asked for 86 but the test split holds 85"))
        }
    }
}
