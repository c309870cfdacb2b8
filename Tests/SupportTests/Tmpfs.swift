import Foundation
import XCTest

/// A small tmpfs mounted for one test, to make a disk that is full or read-only for real
/// (tests run as root in CI; elsewhere the test is skipped). Unmounted in teardown.
struct Tmpfs {
    let path: String

    init(_ test: XCTestCase, kilobytes: Int, readOnly: Bool = false) throws {
        path = NSTemporaryDirectory() + "tmpfs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k\(readOnly ? ",ro" : "")", "tmpfs", path]
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try XCTSkipUnless(p.terminationStatus == 0, "cannot mount a tmpfs here (not root?)")
        test.addTeardownBlock { [path] in
            let u = Process()
            u.executableURL = URL(fileURLWithPath: "/bin/umount")
            u.arguments = [path]
            try? u.run()
            u.waitUntilExit()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// Fills the disk, leaving about `free` bytes.
    func fill(leaving free: Int) throws {
        var info = statvfs()
        statvfs(path, &info)
        let available = Int(info.f_bavail) * Int(info.f_frsize)
        try Data(count: max(0, available - free)).write(to: URL(fileURLWithPath: path + "/filler"))
    }

    func removeFiller() { try? FileManager.default.removeItem(atPath: path + "/filler") }
}
