import XCTest
import Support

final class SeededRandomTests: XCTestCase {
    func testIndexCoversRangeEvenly() {
        var r = SeededRandom(seed: 42)
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 { counts[r.index(below: 7)] += 1 }
        // Each bucket expects 10,000; 5 standard deviations is about ±475.
        XCTAssertTrue(counts.allSatisfy { abs($0 - 10_000) < 475 }, "\(counts)")
    }

    func testShuffleIsAPermutationAndSeeded() {
        var a = Array(0..<50), b = Array(0..<50), c = Array(0..<50)
        var r1 = SeededRandom(seed: 1), r2 = SeededRandom(seed: 1), r3 = SeededRandom(seed: 2)
        r1.shuffle(&a); r2.shuffle(&b); r3.shuffle(&c)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(a.sorted(), Array(0..<50))
        XCTAssertNotEqual(a, Array(0..<50))
    }
}
