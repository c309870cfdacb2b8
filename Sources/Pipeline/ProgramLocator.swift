import Foundation
import Support

/// Finds the stage programs: in `directory` if given (the `--bin-dir` flag or the
/// `TIMELAPSE_BIN_DIR` environment variable), else next to the running `timelapse` binary
/// (the directory of /proc/self/exe, so `swift build` products find each other), else on PATH.
public struct ProgramLocator: Sendable {
    public let directory: String?

    public init(directory: String? = nil) {
        self.directory = directory ?? ProcessInfo.processInfo.environment["TIMELAPSE_BIN_DIR"]
    }

    /// The directory holding the running executable.
    public static var ownDirectory: String? {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first
        return exe.map { ($0 as NSString).deletingLastPathComponent }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The path of `program`, or a missing-dependency error saying where it looked.
    public func path(of program: String) throws -> String {
        var places = [String]()
        if let directory { places.append(directory) } else {
            if let own = Self.ownDirectory { places.append(own) }
            places += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        }
        for dir in places {
            let candidate = (dir as NSString).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolError(.missingDependency, "cannot find the program '\(program)' in \(places.prefix(3).joined(separator: ", "))\(places.count > 3 ? ", …" : ""); build it with `swift build` or pass --bin-dir")
    }

    /// The program for fingerprints: "sha256:" and the digest of the executable, so a rebuilt
    /// program reruns its stage even when its `--version` did not change.
    public func digest(of path: String) throws -> String {
        "sha256:" + (try Digest.sha256(file: path))
    }
}
