/// An error meant for the person running a tool: one plain sentence that names the file,
/// key or value at fault and what was expected. Executables print `message` and exit with
/// `exitCode` (2 for bad configuration or input, 1 for a failure while working).
public struct ToolError: Error, CustomStringConvertible, Equatable {
    /// Kinds of failure, each with its own exit code so CI can tell them apart.
    public enum Kind: Int32, Sendable {
        /// A config, argument or input file is wrong; fix it and rerun.
        case badInput = 2
        /// The work itself failed (a diverging loss, an external program that failed).
        case failed = 1
        /// Something the tool needs is missing from the machine (say, ffmpeg).
        case missingDependency = 3
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind = .badInput, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var exitCode: Int32 { kind.rawValue }
    public var description: String { message }

    /// A bad-input error.
    public static func badInput(_ message: String) -> ToolError { ToolError(.badInput, message) }
    /// A failure while working.
    public static func failed(_ message: String) -> ToolError { ToolError(.failed, message) }
}
