import XCTest
@testable import Viewer
import SceneModel

final class QuantisedCoordinatesTests: XCTestCase {
    func testRoundTripWithinHalfAStep() {
        var values: [[Float]] = []
        for s in 0..<3 { values.append((0..<200).map { Float(sin(Double($0 * (s + 1))) * 12.5 + Double($0 % 2) * 40) }) }
        let q = QuantisedCoordinates(values)
        let tolX = (q.maxX - q.minX) / 65534 / 2 * 1.0001, tolY = (q.maxY - q.minY) / 65534 / 2 * 1.0001
        let flat = values.flatMap { $0 }
        for (i, v) in flat.enumerated() {
            XCTAssertEqual(q.decoded(i)!, Double(v), accuracy: i % 2 == 0 ? tolX : tolY, "value \(i)")
        }
        XCTAssertEqual(q.minX, Double(stride(from: 0, to: flat.count, by: 2).map { flat[$0] }.min()!))
        XCTAssertEqual(q.maxY, Double(stride(from: 1, to: flat.count, by: 2).map { flat[$0] }.max()!))
        XCTAssertEqual(q.values.count, flat.count)
        XCTAssertEqual(q.bytes.count, 2 * flat.count)
    }

    func testExtremesUseTheFullRangeAndBytesAreLittleEndian() {
        let q = QuantisedCoordinates([[-1, 10, 3, 20]])
        XCTAssertEqual(q.values, [0, 0, 65534, 65534])
        XCTAssertEqual(Array(q.bytes), [0, 0, 0, 0, 0xFE, 0xFF, 0xFE, 0xFF])
    }

    func testMissingValuesAndAConstantAxis() {
        let q = QuantisedCoordinates([[2, .nan, 2, 5], [.infinity, 1, 2, 3]])
        XCTAssertEqual(q.values[1], QuantisedCoordinates.missing)
        XCTAssertEqual(q.values[4], QuantisedCoordinates.missing)
        XCTAssertNil(q.decoded(1))
        XCTAssertEqual([q.minX, q.maxX], [2, 3], "a constant axis gets a span of 1")
        XCTAssertEqual(q.decoded(0)!, 2, accuracy: 1e-9)
        XCTAssertEqual(q.decoded(7)!, 3, accuracy: 1e-4)
    }
}
