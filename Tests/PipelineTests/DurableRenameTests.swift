import Foundation
import XCTest
@testable import Pipeline

/// Every rename of a finished output is preceded by fsync of the partial file and of its
/// folder, and followed by fsync of the folder, seen from the system calls `timelapse` makes
/// (strace, installed by scripts/setup.sh).
final class DurableRenameTests: XCTestCase {
    func testRenamesAreFlushedBeforeAndAfter() throws {
        let strace = "/usr/bin/strace", timelapse = (ProgramLocator.ownDirectory ?? ".") + "/timelapse"
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: strace) && FileManager.default.isExecutableFile(atPath: timelapse))
        let p = try FakeProject(self)
        let log = p.root + "/strace.log"
        let run = Process()
        run.executableURL = URL(fileURLWithPath: strace)
        run.arguments = ["-qq", "-y", "-e", "trace=fsync,rename,renameat,renameat2", "-o", log, timelapse, "run", p.pipeline, "--bin-dir", p.bin]
        run.standardError = FileHandle.nullDevice
        try run.run()
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0)
        // "PID call(…) = 0" lines; only the calls of the process that renamed count.
        // strace prefixes a PID only once several processes are traced.
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map { line -> [String] in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count == 2 && parts[0].allSatisfy(\.isNumber) ? parts : ["", String(line)]
        }
        func isRename(_ call: String) -> Bool { call.hasPrefix("rename") }
        guard let pid = lines.first(where: { isRename($0[1]) })?[0] else { return XCTFail("no rename traced: \(lines.prefix(5))") }
        let calls = lines.filter { $0[0] == pid }.map { $0[1] }
        let renames = calls.indices.filter { isRename(calls[$0]) }
        XCTAssertGreaterThanOrEqual(renames.count, 7, "the configs and the manifest are written through partial files")
        for r in renames {
            let parts = calls[r].split(separator: "\"").map(String.init)
            let (from, to) = (parts[1], parts[3])
            let folder = (to as NSString).deletingLastPathComponent
            let before = calls[..<r], after = calls[(r + 1)...]
            XCTAssertTrue(before.contains { $0.hasPrefix("fsync(") && $0.contains("<\(from)>") }, "no fsync of \(from) before its rename")
            XCTAssertTrue(before.last { $0.hasPrefix("fsync(") }?.contains("<\(folder)>") == true, "no fsync of \(folder) right before renaming into it")
            XCTAssertTrue(after.first?.hasPrefix("fsync(") == true && after.first?.contains("<\(folder)>") == true, "no fsync of \(folder) after renaming \(to)")
        }
    }
}
