import Foundation
import Support
import XCTest

final class BackgroundOutputTests: XCTestCase {
    func testWritesLandInOrderAndFinishWaitsForTheLast() throws {
        let dir = NSTemporaryDirectory() + "background-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = BackgroundOutput()
        let big = Data(repeating: 7, count: 8 << 20)
        for k in 0..<5 { try output.write(big + Data([UInt8(k)]), to: dir + "/state") }
        try output.finish()
        let written = try XCTUnwrap(FileManager.default.contents(atPath: dir + "/state"))
        XCTAssertEqual(written.count, big.count + 1)
        XCTAssertEqual(written.last, 4, "the last write wins")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["state"], "no partial file is left")
    }

    func testAFailedWriteIsThrownByTheNextCallNamingTheFile() throws {
        let output = BackgroundOutput()
        try output.write(Data([1]), to: "/proc/cnn-timelapse-test/state")   // fails in the background
        XCTAssertThrowsError(try output.finish()) { error in
            XCTAssertTrue("\(error)".contains("/proc/cnn-timelapse-test"), "\(error)")
        }
        XCTAssertNoThrow(try output.finish(), "an error is reported once")
    }
}
