import Foundation
import HDF5
import Support

/// A user's HDF5 file is read first in a child process. Damaged metadata can make libhdf5
/// itself overflow a buffer, crash or ask for hundreds of gigabytes (fuzz/README.md, Findings);
/// no check in Swift can stop that, so before a program reads an activations or embedding file it
/// runs its own executable again (/proc/self/exe) as a child that opens the file with the
/// contract's reader and walks all of its metadata (`HDF5File.walkMetadata`), with its address
/// space and CPU time limited. The child exits 0 when the file reads, or prints the reader's
/// one-line error and exits with its code; when it dies instead (a signal, or a limit reached),
/// the parent reports a damaged file in one line. Data chunks are not read: the writers checksum
/// them (Fletcher-32), so a damaged chunk is an error the reader names, not a crash.
///
/// A program opts in with two calls: `serveIfChild()` first thing in `main` (before parsing its
/// arguments), and `check(_:as:)` before it opens a file it was given.
public enum IsolatedVerification {
    /// What the child reads the file as.
    public enum Kind: String, Sendable {
        case activations, embedding

        /// What to do about a damaged file of this kind.
        var remedy: String {
            switch self {
            case .activations: return "re-record it"
            case .embedding: return "run umap-embed again to rewrite it"
            }
        }
    }

    /// The hidden first argument that makes a program the checking child:
    /// `PROGRAM --verify-hdf5-in-child KIND FILE`.
    static let childArgument = "--verify-hdf5-in-child"
    /// The child's address space beyond what it has mapped when it starts (a contract file's
    /// metadata needs a few megabytes; a damaged one asked libhdf5 for 200 GB).
    static let memoryBudget = 2 << 30
    /// The child's CPU time: walking the metadata takes well under a second; a damaged file
    /// can send libhdf5 round a loop.
    static let cpuSeconds = 60

    /// Checks `path` as `kind` in a child process. Returns when it reads; throws the reader's
    /// error (a missing file, not an activations file, a bad shape, …), or, when the child died,
    /// "PATH: damaged HDF5 file (…); re-record it" as bad input.
    public static func check(_ path: String, as kind: Kind) throws { try check([(path, kind)]) }

    /// Checks several files, each in its own child, the children running at once (starting one
    /// costs about as much as checking a file); the errors as `check(_:as:)`'s, the first
    /// file's first.
    public static func check(_ files: [(path: String, kind: Kind)]) throws {
        let children = try files.map { try Child(path: $0.path, kind: $0.kind) }
        for child in children { try child.finish() }
    }

    /// One checking child, started.
    private struct Child {
        let path: String, kind: Kind
        let process = Process(), output = Pipe()

        init(path: String, kind: Kind) throws {
            self.path = path; self.kind = kind
            let executable = "/proc/self/exe"
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = [childArgument, kind.rawValue, path]
            var environment = ProcessInfo.processInfo.environment
            environment["SWIFT_BACKTRACE"] = "enable=no"   // a crash ends the child at once, without a backtrace
            environment["OPENBLAS_NUM_THREADS"] = "1"      // no thread pool (and its memory) in the child
            process.environment = environment
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch {
                throw ToolError.failed("\(path): cannot start a child process (\(executable)) to check the file: \(error.localizedDescription)")
            }
        }

        /// Waits for the child; returns when the file reads, else throws.
        func finish() throws {
            let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            process.waitUntilExit()
            let status = process.terminationStatus
            let cause: String
            switch process.terminationReason {
            case .exit:
                if status == 0 { return }
                if let kind = ToolError.Kind(rawValue: status), !message.isEmpty, !message.contains("\n") { throw ToolError(kind, message) }
                cause = "reading its metadata failed with exit status \(status)"
            case .uncaughtSignal:
                cause = status == SIGXCPU ? "libhdf5 was still reading its metadata after \(cpuSeconds) s"
                    : "libhdf5 crashed while reading its metadata: \(String(cString: strsignal(status)))"
            @unknown default:
                cause = "reading its metadata failed"
            }
            throw ToolError.badInput("\(path): damaged HDF5 file (\(cause)); \(kind.remedy)")
        }
    }

    /// When this process was started by `check` (its arguments are `childArgument KIND FILE`),
    /// limits itself, checks the file and exits: 0 when it reads, else the reader's exit code
    /// with its message on stdout. Otherwise returns at once.
    public static func serveIfChild(_ arguments: [String] = CommandLine.arguments) {
        guard arguments.count == 4, arguments[1] == childArgument, let kind = Kind(rawValue: arguments[2]) else { return }
        let path = arguments[3]
        if let pages = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)).flatMap({ Int($0.split(separator: " ").first ?? "") }) {
            limit(RLIMIT_AS, to: pages * sysconf(Int32(_SC_PAGESIZE)) + memoryBudget)
        }
        limit(RLIMIT_CPU, to: cpuSeconds, hard: cpuSeconds + 5)   // SIGXCPU at the soft limit
        limit(RLIMIT_CORE, to: 0)
        do {
            try verify(path, as: kind)
            exit(0)
        } catch let e as ToolError {
            print(e.message)
            exit(e.exitCode)
        } catch {
            print("\(path): \(error)")
            exit(ToolError.Kind.badInput.rawValue)
        }
    }

    /// What the child reads: the file through the contract's reader (every attribute and shape
    /// it checks, each layer's description, every metric or quality figure), then all metadata.
    static func verify(_ path: String, as kind: Kind) throws {
        switch kind {
        case .activations:
            let file = try ActivationsFile(path: path)
            for name in file.layerNames { _ = try file.layer(name) }
            for metric in Metric.allCases { _ = try file.metric(metric) }
        case .embedding:
            let file = try EmbeddingFile(path: path)
            for figure in QualityFigure.allCases { _ = try file.quality(figure) }
        }
        try HDF5File(path: path, mode: .readOnly).walkMetadata()
    }

    /// Sets the soft limit of `resource` to `value` and its hard limit to `hard` (default: the same).
    private static func limit(_ resource: __rlimit_resource, to value: Int, hard: Int? = nil) {
        var bound = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(hard ?? value))
        setrlimit(__rlimit_resource_t(resource.rawValue), &bound)
    }
}
