import Foundation
import Support

/// `OUT/manifest.json`: the pipeline that wrote the folder, each stage's last successful run
/// (`StageRecord`), the stage in progress if a run was interrupted, and what the last
/// `timelapse run` did. Rewritten atomically (write a partial file, rename) before and after
/// every stage, so a kill at any moment leaves either the old or the new manifest.
public struct Manifest: Sendable {
    public static let format = "cnn-timelapse.manifest"

    public var pipeline: String
    public var stages: [String: StageRecord] = [:]
    /// The stage that was started and has not finished, with its fingerprint digest.
    public var inProgress: (stage: String, fingerprint: String)?
    /// The last run's actions, in order: stage, "ran" or "skipped", and why.
    public var lastRun: [(stage: String, action: String, reason: String)] = []

    public init(pipeline: String) { self.pipeline = pipeline }

    /// The manifest in `directory`, or an empty one when there is none or it is unreadable
    /// (then every stage reruns, which is always safe).
    public static func load(directory: String, pipeline: String) -> Manifest {
        var m = Manifest(pipeline: pipeline)
        guard let json = try? ConfigObject.loadJSON(path(in: directory)), json["format"] == .string(format) else { return m }
        if case .object(let pairs)? = json["stages"] {
            for (name, value) in pairs { if let r = StageRecord(json: value) { m.stages[name] = r } }
        }
        if case .string(let s)? = json["in_progress"]?["stage"], case .string(let f)? = json["in_progress"]?["fingerprint"] {
            m.inProgress = (s, f)
        }
        return m
    }

    public static func path(in directory: String) -> String { directory + "/manifest.json" }

    public func save(directory: String) throws {
        var pairs: [(String, JSONValue)] = [
            ("format", .string(Self.format)), ("format_version", .number(1)), ("pipeline", .string(pipeline)),
            ("stages", .object(stages.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ]
        if let p = inProgress {
            pairs.append(("in_progress", .object([("stage", .string(p.stage)), ("fingerprint", .string(p.fingerprint))])))
        }
        pairs.append(("last_run", .array(lastRun.map {
            .object([("stage", .string($0.stage)), ("action", .string($0.action)), ("reason", .string($0.reason))])
        })))
        try AtomicOutput.write(Data((JSONValue.object(pairs).serialized(indent: 2) + "\n").utf8), to: Self.path(in: directory))
    }
}
