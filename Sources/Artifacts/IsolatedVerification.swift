import Foundation
import HDF5
import Support

/// A user's HDF5 file is read first in a child process. Damaged metadata can make libhdf5
/// itself overflow a buffer, crash or ask for hundreds of gigabytes (fuzz/README.md, Findings);
/// no check in Swift can stop that, so before a program reads an activations or embedding file it
/// forks a child (the same program, its libraries already loaded: no exec) that opens the file
/// with the contract's reader and walks all of its metadata (`HDF5File.walkMetadata`), with its
/// address space, CPU time and wall time limited. The child exits 0 when the file reads, or
/// sends the reader's one-line error and exits with its code; when it dies instead (a signal, or
/// a limit reached), the parent reports a damaged file in one line. Data chunks are not read: the
/// writers checksum them (Fletcher-32), so a damaged chunk is an error the reader names.
///
/// A program calls `check(_:as:)` before it opens a file it was given, while it runs no other
/// thread (a forked child has only the calling thread; a lock another thread held would stay
/// held in it, which the wall-time alarm ends).
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

    /// The child's address space beyond what it has mapped when it starts (a contract file's
    /// metadata needs a few megabytes; a damaged one asked libhdf5 for 200 GB).
    static let memoryBudget = 2 << 30
    /// The child's CPU time: walking the metadata takes well under a second; a damaged file
    /// can send libhdf5 round a loop.
    static let cpuSeconds = 60
    /// The child's wall time (SIGALRM), for a child that waits instead of running.
    static let wallSeconds: UInt32 = 120

    /// Checks `path` as `kind` in a child process. Returns when it reads; throws the reader's
    /// error (a missing file, not an activations file, a bad shape, …), or, when the child died,
    /// "PATH: damaged HDF5 file (…); re-record it" as bad input.
    public static func check(_ path: String, as kind: Kind) throws { try check([(path, kind)]) }

    /// Checks several files, each in its own child, the children running at once; the errors as
    /// `check(_:as:)`'s, the first file's first.
    public static func check(_ files: [(path: String, kind: Kind)]) throws {
        var children: [Child] = []
        defer { for child in children { child.reap() } }
        for file in files { children.append(try Child(path: file.path, kind: file.kind)) }
        for child in children { try child.finish() }
    }

    /// One checking child, forked, and the read end of the pipe it answers on.
    private final class Child {
        let path: String, kind: Kind
        let pid: pid_t, answer: Int32
        var reaped = false

        init(path: String, kind: Kind) throws {
            self.path = path; self.kind = kind
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else {
                throw ToolError.failed("\(path): cannot make a pipe to a child process to check the file: \(String(cString: strerror(errno)))")
            }
            let pid = fork()
            if pid == 0 {
                close(ends[0])
                IsolatedVerification.serve(path, as: kind, answer: ends[1])
            }
            close(ends[1])
            guard pid > 0 else {
                close(ends[0])
                throw ToolError.failed("\(path): cannot start a child process to check the file: \(String(cString: strerror(errno)))")
            }
            self.pid = pid; answer = ends[0]
        }

        /// Waits for the child; returns when the file reads, else throws.
        func finish() throws {
            var message = [UInt8](), buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(answer, &buffer, buffer.count)
                if n > 0 { message += buffer[0..<n]; continue }
                if n < 0 && errno == EINTR { continue }
                break
            }
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let status = wait()
            let cause: String
            let signal = status & 0x7F
            if signal == 0 {
                let code = (status >> 8) & 0xFF
                if code == 0 { return }
                if let kind = ToolError.Kind(rawValue: code), !text.isEmpty, !text.contains("\n") { throw ToolError(kind, text) }
                cause = "reading its metadata failed with exit status \(code)"
            } else {
                cause = signal == SIGXCPU ? "libhdf5 was still reading its metadata after \(cpuSeconds) s"
                    : signal == SIGALRM ? "reading its metadata had not ended after \(wallSeconds) s"
                    : "libhdf5 crashed while reading its metadata: \(String(cString: strsignal(signal)))"
            }
            throw ToolError.badInput("\(path): damaged HDF5 file (\(cause)); \(kind.remedy)")
        }

        /// Ends and waits for a child not waited for (after another child's error).
        func reap() {
            guard !reaped else { return }
            kill(pid, SIGKILL)
            _ = wait()
        }

        /// Waits for the child to end and closes the pipe; returns its `waitpid` status.
        private func wait() -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            close(answer)
            reaped = true
            return status
        }
    }

    /// The child's side: limits itself, checks the file and leaves with `_exit` (the parent's
    /// buffers and exit handlers are not the child's to run): 0 when it reads, else the reader's
    /// exit code with its message written to `answer`.
    private static func serve(_ path: String, as kind: Kind, answer: Int32) -> Never {
        // A crash ends the child at once: no backtrace from the runtime's handlers.
        for crash in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(crash, SIG_DFL) }
        let null = open("/dev/null", O_RDWR)
        if null >= 0 { dup2(null, STDIN_FILENO); dup2(null, STDOUT_FILENO); dup2(null, STDERR_FILENO) }
        if let pages = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)).flatMap({ Int($0.split(separator: " ").first ?? "") }) {
            limit(RLIMIT_AS, to: pages * sysconf(Int32(_SC_PAGESIZE)) + memoryBudget)
        }
        limit(RLIMIT_CPU, to: cpuSeconds, hard: cpuSeconds + 5)   // SIGXCPU at the soft limit
        limit(RLIMIT_CORE, to: 0)
        alarm(wallSeconds)
        func reply(_ message: String, _ code: Int32) -> Never {
            let bytes = Array((message + "\n").utf8)
            _ = bytes.withUnsafeBytes { write(answer, $0.baseAddress, $0.count) }
            _exit(code)
        }
        do {
            try verify(path, as: kind)
            _exit(0)
        } catch let e as ToolError {
            reply(e.message, e.exitCode)
        } catch {
            reply("\(path): \(error)", ToolError.Kind.badInput.rawValue)
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
