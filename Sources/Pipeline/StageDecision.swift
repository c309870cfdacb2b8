/// The plan for one stage: run or skip it, and why ("config changed", "fingerprint
/// unchanged, outputs intact").
public struct StageDecision: Equatable, Sendable {
    public let stage: String
    public let run: Bool
    public let reason: String

    /// "train: run (config changed)".
    public var line: String { "\(stage): \(run ? "run" : "skip") (\(reason))" }
}
