import Foundation

/// Writing outputs so that nothing half-written ever sits under the final name: work goes to
/// a temporary sibling (`.NAME.partial`, hidden, same directory so the rename is atomic) and is
/// renamed over the final path once complete. A leftover partial from a killed run is simply
/// overwritten (or, for resumable work, picked up) by the next run.
public enum AtomicOutput {
    /// The temporary sibling used while `finalPath` is being written.
    public static func partialPath(for finalPath: String) -> String {
        let url = URL(fileURLWithPath: finalPath)
        return url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial").path
    }

    /// Creates the parent directory of `path` if needed.
    public static func prepareDirectory(for path: String) throws {
        let dir = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
            throw ToolError.badInput("\(dir): cannot create the output directory: \(error.localizedDescription)")
        }
    }

    /// Renames `temporary` over `finalPath` atomically (rename(2)).
    public static func commit(_ temporary: String, to finalPath: String) throws {
        if rename(temporary, finalPath) != 0 {
            throw ToolError.failed("\(finalPath): cannot move the finished output into place: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes `data` to `finalPath` through a partial file.
    public static func write(_ data: Data, to finalPath: String) throws {
        try prepareDirectory(for: finalPath)
        let tmp = partialPath(for: finalPath)
        do { try data.write(to: URL(fileURLWithPath: tmp)) } catch {
            throw ToolError.failed("\(finalPath): cannot write: \(error.localizedDescription)")
        }
        try commit(tmp, to: finalPath)
    }

    /// Removes a file if present, ignoring absence.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
