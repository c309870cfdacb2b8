import CZlib
import XCTest
@testable import Render
@testable import SceneModel

final class RunDeflaterTests: XCTestCase {
    /// zlib's own inflater must give back exactly the input, for runs of every awkward length
    /// (around the 3- and 258-byte limits), runs at the very end, and noise.
    func testZlibInflatesEveryRunLengthBack() throws {
        var rng = TestRandom(state: 11)
        var data: [UInt8] = []
        for length in [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 257, 258, 259, 260, 261, 262, 515, 516, 517, 1000] {
            data += [UInt8](repeating: UInt8(length % 251), count: length)
            data += (0..<(length % 13)).map { _ in UInt8(rng.next() & 255) }
        }
        data += (0..<5000).map { _ in UInt8(rng.next() & 3) }
        data += [UInt8](repeating: 0, count: 777)
        let deflater = RunDeflater()
        let noise = (0..<60_000).map { _ in UInt8(rng.next() & 255) } // many literals in a row (Adler-32 reductions)
        for input in [data, [], [9], [UInt8](repeating: 0, count: 100_000), noise, [UInt8](repeating: 255, count: 70_000) + noise] {
            let packed = Array(input.withUnsafeBufferPointer { deflater.compress($0) })
            var back = [UInt8](repeating: 0, count: input.count + 16)
            var size = uLong(back.count)
            let status = uncompress(&back, &size, packed, uLong(packed.count))
            XCTAssertEqual(status, Z_OK)
            XCTAssertEqual(Array(back[0..<Int(size)]), input)
        }
        // Flat data shrinks a lot: 100,000 zeros take under 1,000 bytes.
        XCTAssertLessThan([UInt8](repeating: 0, count: 100_000).withUnsafeBufferPointer { deflater.compress($0) }.count, 1000)
    }
}
