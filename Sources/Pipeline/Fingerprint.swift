import Support

/// What a stage's result depends on: the digest of the program's executable, its resolved
/// config (canonical JSON: sorted keys, no spaces — `serialized(sortedKeys: true)`), its
/// command-line arguments, the SHA-256 of each input file and the size and modification time
/// of each data file its config names (`DataFiles`). `digest` hashes all of it; equal digests
/// mean the stage would compute the same thing again.
public struct Fingerprint: Equatable, Sendable {
    /// "sha256:…" of the program's executable (`ProgramLocator.digest(of:)`).
    public let programVersion: String
    /// SHA-256 of the canonical resolved config.
    public let configDigest: String
    public let arguments: [String]
    /// Input path → SHA-256 of its contents; data file path → "size S, modified T".
    public let inputs: [String: String]

    public init(programVersion: String, configDigest: String, arguments: [String], inputs: [String: String]) {
        self.programVersion = programVersion; self.configDigest = configDigest
        self.arguments = arguments; self.inputs = inputs
    }

    public init(programVersion: String, config: JSONValue, arguments: [String], inputs: [String: String]) {
        self.init(programVersion: programVersion, configDigest: Digest.sha256(config.serialized(sortedKeys: true)),
                  arguments: arguments, inputs: inputs)
    }

    public var digest: String {
        let canonical = JSONValue.object([
            ("program", .string(programVersion)),
            ("config", .string(configDigest)),
            ("arguments", .array(arguments.map(JSONValue.string))),
            ("inputs", .object(inputs.map { ($0.key, .string($0.value)) })),
        ])
        return Digest.sha256(canonical.serialized(sortedKeys: true))
    }

    /// Why `self` differs from an earlier fingerprint, for the plan ("config changed").
    public func changes(since old: Fingerprint) -> String {
        var why = [String]()
        if configDigest != old.configDigest { why.append("config changed") }
        if programVersion != old.programVersion { why.append("program changed (rebuilt: \(Self.short(old.programVersion)) → \(Self.short(programVersion)))") }
        if arguments != old.arguments { why.append("arguments changed") }
        let changed = Set(inputs.keys).union(old.inputs.keys).filter { inputs[$0] != old.inputs[$0] }.sorted()
        if !changed.isEmpty {
            why.append("input \(changed.map { $0.lastComponent }.joined(separator: ", ")) changed")
        }
        return why.isEmpty ? "fingerprint changed" : why.joined(separator: ", ")
    }

    /// "sha256:0123456789ab" from a full digest, for messages.
    private static func short(_ digest: String) -> String { String(digest.prefix(19)) }
}
