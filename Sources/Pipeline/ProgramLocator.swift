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

    /// The program's version for fingerprints: the first line of `program --version` when it
    /// answers with status 0, else "sha256:" and the digest of the executable.
    public func version(of path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        if (try? process.run()) != nil {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
            if process.terminationStatus == 0, !line.trimmingCharacters(in: .whitespaces).isEmpty { return line }
        }
        return "sha256:" + (try Digest.sha256(file: path))
    }
}
