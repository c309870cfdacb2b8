import Foundation
import Support
import XCTest

/// `AtomicOutput` on a disk that fills up or is read-only (a real tmpfs): one clear line, no
/// partial file left, the previous output untouched.
final class AtomicOutputDiskTests: XCTestCase {
    func testFullDiskKeepsThePreviousOutputAndLeavesNoPartialFile() throws {
        let disk = try Tmpfs(self, kilobytes: 256)
        let out = disk.path + "/out.bin"
        try AtomicOutput.write(Data("previous".utf8), to: out)
        try disk.fill(leaving: 8192)
        XCTAssertThrowsError(try AtomicOutput.write(Data(count: 64 * 1024), to: out)) { e in
            let error = e as? ToolError
            XCTAssertEqual(error?.kind, .failed)
            XCTAssertEqual(error?.message, "\(out): cannot write: No space left on device")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), Data("previous".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: out)))
        disk.removeFiller()
        try AtomicOutput.write(Data(count: 64 * 1024), to: out)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: out)), Data(count: 64 * 1024), "a rerun with room succeeds")
    }

    func testReadOnlyOutputFolderIsOneLine() throws {
        let disk = try Tmpfs(self, kilobytes: 64, readOnly: true)
        let out = disk.path + "/runs/x/manifest.json"
        XCTAssertThrowsError(try AtomicOutput.write(Data("{}".utf8), to: out)) { e in
            XCTAssertEqual((e as? ToolError)?.message, "\(disk.path)/runs/x: the output folder cannot be created in \(disk.path): Read-only file system")
        }
        XCTAssertThrowsError(try AtomicOutput.write(Data("{}".utf8), to: disk.path + "/m.json")) { e in
            XCTAssertEqual((e as? ToolError)?.message, "\(disk.path): the output folder is not writable: Read-only file system")
        }
    }
}
