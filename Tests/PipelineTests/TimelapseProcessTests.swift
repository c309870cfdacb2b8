import Foundation
import Support
import XCTest
@testable import Pipeline

/// Runs the built `timelapse` executable (next to the test executable) on fake stage programs:
/// exit codes, and a run killed with SIGKILL in the middle of a stage.
final class TimelapseProcessTests: XCTestCase {
    var executable: String {
        (ProgramLocator.ownDirectory ?? ".") + "/timelapse"
    }

    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: executable), "timelapse is not built")
    }

    func launch(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func status(_ arguments: [String]) throws -> Int32 {
        let p = try launch(arguments)
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testExitCodes() throws {
        let p = try FakeProject(self)
        XCTAssertEqual(try status(["run", p.pipeline, "--bin-dir", p.bin]), 0)
        try p.write("", "bin/fail-viz-render")
        XCTAssertEqual(try status(["run", p.pipeline, "--bin-dir", p.bin, "--only", "render"]), 1)
        try p.write(#"{"output": "x", "trian": {}}"#, "pipelines/p.json")
        XCTAssertEqual(try status(["run", p.pipeline, "--bin-dir", p.bin]), 2)
    }

    func testRunKilledMidStageIsCompletedByTheNextRun() throws {
        let p = try FakeProject(self)
        try p.write("", "bin/hang-umap-embed")
        let run = try launch(["run", p.pipeline, "--bin-dir", p.bin])
        let pidFile = p.bin + "/umap-embed.pid"
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: pidFile) { usleep(50_000) }
        let stagePid = Int32((try String(contentsOfFile: pidFile, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        XCTAssertEqual(run.terminationReason, .uncaughtSignal)
        // The stage dies with timelapse (parent-death signal), so it cannot race the next run.
        XCTAssertGreaterThan(stagePid, 0)
        var alive = true
        for _ in 0..<100 where alive { usleep(20_000); alive = kill(stagePid, 0) == 0 && !isZombie(stagePid) }
        XCTAssertFalse(alive, "the stage outlived timelapse")
        XCTAssertEqual(p.manifest["in_progress"]?["stage"], .string("embed"))
        XCTAssertNotNil(p.manifest["stages"]?["train"])
        try FileManager.default.removeItem(atPath: p.bin + "/hang-umap-embed")
        p.clearCalls()
        XCTAssertEqual(try status(["run", p.pipeline, "--bin-dir", p.bin]), 0)
        XCTAssertEqual(p.calledPrograms, ["umap-embed", "viz-render"])
        XCTAssertNil(p.manifest["in_progress"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: p.out + "/timelapse.mp4"))
    }

    /// The committed schemas are what the config readers generate (`timelapse schemas`).
    func testCommittedSchemasAreGeneratedFromTheReaders() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let run = Process()
        run.executableURL = URL(fileURLWithPath: executable)
        run.arguments = ["schemas", "--check"]
        run.currentDirectoryURL = URL(fileURLWithPath: repository)
        let errors = Pipe()
        run.standardError = errors
        try run.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 0, "run `timelapse schemas --write` and commit schemas/: \(text)")
    }

    /// An output folder on a read-only disk: exit 2 and one line naming the folder.
    func testReadOnlyOutputFolderIsOneLine() throws {
        let p = try FakeProject(self)
        let disk = try Tmpfs(self, kilobytes: 64, readOnly: true)
        try p.write(#"{"output": "\#(disk.path)/out", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        let run = Process()
        run.executableURL = URL(fileURLWithPath: executable)
        run.arguments = ["run", p.pipeline, "--bin-dir", p.bin, "--allow-outside"]
        let errors = Pipe()
        run.standardError = errors
        try run.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        XCTAssertEqual(run.terminationStatus, 2)
        XCTAssertEqual(text, "timelapse: error: \(disk.path)/out: the output folder cannot be created in \(disk.path): Read-only file system\n")
    }

    /// Whether `pid` has exited but not been reaped (state Z in /proc/PID/stat).
    func isZombie(_ pid: Int32) -> Bool {
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
    }
}
