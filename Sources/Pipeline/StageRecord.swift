import Support

/// What the manifest remembers about a stage's last successful run.
public struct StageRecord: Equatable, Sendable {
    public var fingerprint: Fingerprint
    /// Output path (relative to the output folder) → SHA-256 of its contents.
    public var outputs: [String: String]
    public var finishedAt: String
    public var seconds: Double
    /// Quality figures read from the stage's outputs (e.g. test_accuracy, trustworthiness).
    public var quality: [String: Double]

    public init(fingerprint: Fingerprint, outputs: [String: String], finishedAt: String, seconds: Double, quality: [String: Double]) {
        self.fingerprint = fingerprint; self.outputs = outputs; self.finishedAt = finishedAt
        self.seconds = seconds; self.quality = quality
    }

    var json: JSONValue {
        .object([
            ("fingerprint", .string(fingerprint.digest)),
            ("program", .string(fingerprint.programVersion)),
            ("config_digest", .string(fingerprint.configDigest)),
            ("arguments", .array(fingerprint.arguments.map(JSONValue.string))),
            ("inputs", .object(fingerprint.inputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("outputs", .object(outputs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("finished_at", .string(finishedAt)),
            ("seconds", .number((seconds * 1000).rounded() / 1000)),
            ("quality", .object(quality.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })),
        ])
    }

    init?(json: JSONValue) {
        guard case .string(let program)? = json["program"], case .string(let config)? = json["config_digest"],
              case .array(let args)? = json["arguments"], case .object(let inputs)? = json["inputs"],
              case .object(let outputs)? = json["outputs"], case .string(let digest)? = json["fingerprint"] else { return nil }
        let fp = Fingerprint(programVersion: program, configDigest: config,
                             arguments: args.compactMap { if case .string(let s) = $0 { return s } else { return nil } },
                             inputs: Self.strings(inputs))
        guard fp.digest == digest else { return nil }
        fingerprint = fp
        self.outputs = Self.strings(outputs)
        if case .string(let f)? = json["finished_at"] { finishedAt = f } else { finishedAt = "" }
        if case .number(let s)? = json["seconds"] { seconds = s } else { seconds = 0 }
        var q = [String: Double]()
        if case .object(let pairs)? = json["quality"] { for (k, v) in pairs { if case .number(let n) = v { q[k] = n } } }
        quality = q
    }

    private static func strings(_ pairs: [(String, JSONValue)]) -> [String: String] {
        var out = [String: String]()
        for (k, v) in pairs { if case .string(let s) = v { out[k] = s } }
        return out
    }
}
