import Artifacts
import Foundation
import Support
import XCTest
@testable import Training

/// Decoding a checkpoint refuses what would trap or poison training, naming the file.
final class CheckpointTests: XCTestCase {
    /// A checkpoint of two arrays, as `encoded()` writes it, without a model.
    func encoded(_ arrays: [[Float]]) -> Data {
        var d = Data("CNNTLCK1".utf8)
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        put(UInt32(2))
        d.append(Data(repeating: 0x61, count: 64))
        put(Int64(3)); put(Int64(8)); put(Int64(40))
        put(UInt32(Metric.allCases.count))
        for m in [Float](repeating: .nan, count: Metric.allCases.count) { put(m.bitPattern) }
        put(UInt32(arrays.count))
        for a in arrays { put(UInt64(a.count)); for v in a { put(v.bitPattern) } }
        return d
    }

    func message(_ data: Data) -> String {
        do { _ = try Checkpoint(data: data, file: "ck.bin"); return "no error" } catch { return (error as? ToolError)?.message ?? "\(error)" }
    }

    func testAWellFormedCheckpointDecodes() throws {
        let c = try Checkpoint(data: encoded([[1, 2], [3]]), file: "ck.bin")
        XCTAssertEqual(c.arrays, [[1, 2], [3]])
        XCTAssertEqual([c.snapshot, c.step, c.optimizerSteps], [3, 8, 40])
        XCTAssertTrue(c.metrics.values.allSatisfy(\.isNaN), "missing metrics stay NaN")
    }

    func testNaNAndInfinityAreRefused() {
        XCTAssertEqual(message(encoded([[1, 2], [3, .nan]])),
                       "ck.bin: array 1 of the checkpoint holds nan at 1; expected finite numbers (delete it and rerun without --resume)")
        XCTAssertTrue(message(encoded([[-.infinity]])).contains("holds -inf at 0"))
    }

    /// A length of 2^64 − 1 trapped converting to Int.
    func testLengthBeyondTheFileIsRefused() {
        var d = encoded([[1]])
        d.replaceSubrange(d.count - 12 ..< d.count - 4, with: [UInt8](repeating: 0xFF, count: 8))
        XCTAssertTrue(message(d).hasPrefix("ck.bin: not a cnn-train checkpoint, or a damaged one"))
    }
}
