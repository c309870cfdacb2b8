import Foundation
import Support

/// An exclusive lock on an output folder (`flock` on `OUT/.timelapse.lock`), held for the
/// whole run so two `timelapse run`s on one folder cannot interleave. The kernel releases
/// it when the process ends, however it ends, so a killed run never leaves it stuck.
public final class OutputLock {
    public let path: String
    private let fd: Int32

    public init(directory: String) throws {
        try AtomicOutput.prepare(directory: directory)
        path = directory + "/.timelapse.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ToolError.failed("\(path): cannot create the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw ToolError.failed("\(directory): another timelapse run is using this output folder\(holder.isEmpty ? "" : " (\(holder))"); wait for it or use another output folder")
        }
        _ = ftruncate(fd, 0)
        let note = "pid \(getpid())\n"
        _ = note.withCString { write(fd, $0, strlen($0)) }
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
