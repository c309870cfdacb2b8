import Foundation
import XCTest
@testable import Support

/// Output folders that are not folders. (Full and read-only disks: PipelineTests'
/// AtomicOutputDiskTests, beside the tmpfs helper.)
final class AtomicOutputTests: XCTestCase {
    func testAFileWhereTheFolderShouldBeIsNamed() throws {
        let dir = NSTemporaryDirectory() + "atomic-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try Data().write(to: URL(fileURLWithPath: dir + "/frames"))
        XCTAssertThrowsError(try AtomicOutput.prepare(directory: dir + "/frames")) { e in
            XCTAssertEqual((e as? ToolError)?.message, "\(dir)/frames: expected an output folder, found a file")
        }
    }
}
