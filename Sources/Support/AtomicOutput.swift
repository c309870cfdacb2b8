import Foundation

/// Writing outputs so that nothing half-written ever sits under the final name: work goes to
/// a temporary sibling (`.NAME.partial`, hidden, same directory so the rename is atomic) and is
/// renamed over the final path once complete. Before the rename the partial file and its
/// folder are flushed to disk (fsync), and the folder again after it, so a power cut leaves
/// either the old output or the whole new one, never a renamed but empty file. A leftover
/// partial from a killed run is simply overwritten (or, for resumable work, picked up) by the
/// next run; a write that fails removes its partial file.
public enum AtomicOutput {
    /// The temporary sibling used while `finalPath` is being written.
    public static func partialPath(for finalPath: String) -> String {
        let url = URL(fileURLWithPath: finalPath)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial").path
    }

    /// The folder holding `path` ("." for a bare name).
    public static func directory(of path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }

    /// Creates the parent directory of `path` if needed and checks that it takes new files;
    /// failures are one line naming the folder and the system's reason.
    public static func prepareDirectory(for path: String) throws {
        try prepare(directory: directory(of: path))
    }

    /// Creates `dir` (and its parents) if needed and checks that files can be created in it.
    public static func prepare(directory dir: String) throws {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) {
            if (try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)) == nil {
                var ancestor = directory(of: dir)
                while !FileManager.default.fileExists(atPath: ancestor), ancestor != "/", ancestor != "." { ancestor = directory(of: ancestor) }
                let reason = access(ancestor, W_OK) == 0 ? "cannot be created" : "cannot be created in \(ancestor): \(String(cString: strerror(errno)))"
                throw ToolError.badInput("\(dir): the output folder \(reason)")
            }
        } else if !isDirectory.boolValue {
            throw ToolError.badInput("\(dir): expected an output folder, found a file")
        }
        guard access(dir, W_OK) == 0 else {
            throw ToolError.badInput("\(dir): the output folder is not writable: \(String(cString: strerror(errno)))")
        }
    }

    /// Flushes `path` (a file or folder) to disk with fsync(2).
    public static func sync(_ path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ToolError.failed("\(path): cannot open to flush it: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw ToolError.failed("\(path): cannot flush to disk: \(String(cString: strerror(errno)))") }
    }

    /// Flushes `temporary` and its folder, renames it over `finalPath` atomically (rename(2))
    /// and flushes the folder again so the new name is on disk too.
    public static func commit(_ temporary: String, to finalPath: String) throws {
        try sync(temporary)
        try sync(directory(of: temporary))
        if rename(temporary, finalPath) != 0 {
            throw ToolError.failed("\(finalPath): cannot move the finished output into place: \(String(cString: strerror(errno)))")
        }
        try sync(directory(of: finalPath))
    }

    /// Writes `data` to `finalPath` through a partial file; on failure (a full disk) the
    /// partial file is removed and the error names the final path and the system's reason.
    public static func write(_ data: Data, to finalPath: String) throws {
        try prepareDirectory(for: finalPath)
        let tmp = partialPath(for: finalPath)
        do {
            try writeAll(data, to: tmp)
            try commit(tmp, to: finalPath)
        } catch let e as ToolError {
            remove(tmp)
            throw ToolError(e.kind, e.message.replacingOccurrences(of: tmp, with: finalPath))
        }
    }

    /// Creates (or truncates) `path` and writes all of `data` with write(2), checking each call.
    private static func writeAll(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ToolError.failed("\(path): cannot create: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var done = 0
            while done < buffer.count {
                let n = Foundation.write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { throw ToolError.failed("\(path): cannot write: \(String(cString: strerror(errno)))") }
                done += n
            }
        }
    }

    /// Removes a file if present, ignoring absence.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
