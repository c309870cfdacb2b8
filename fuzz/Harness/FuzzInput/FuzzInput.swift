import Foundation

/// The fuzzer's bytes as a file, for readers that take a path: one file per process and
/// name suffix in /dev/shm (memory, so a million runs do not wear a disk), rewritten each run.
public enum FuzzInput {
    /// Writes `size` bytes at `data` to this process's file ending in `suffix`; returns its path.
    public static func file(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(dir)/cnn-timelapse-fuzz-\(getpid())\(suffix)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
        return path
    }

    /// Stops the run as a crash when a reader broke one of its promises (not for a thrown error).
    public static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("fuzz property violated: \(what())") }
    }
}
