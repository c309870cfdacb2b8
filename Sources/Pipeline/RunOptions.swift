import Support

/// How `timelapse run` chooses stages: `force` reruns all; `from` reruns that stage and all
/// after it (earlier ones are left as they are); `only` reruns just that stage; `dryRun`
/// prints the plan and runs nothing.
public struct RunOptions: Sendable {
    public var force = false
    public var from: String?
    public var only: String?
    public var dryRun = false

    public init(force: Bool = false, from: String? = nil, only: String? = nil, dryRun: Bool = false) {
        self.force = force; self.from = from; self.only = only; self.dryRun = dryRun
    }

    /// Checks that `from` and `only` name stages.
    func check(stageNames: [String]) throws {
        for (flag, name) in [("--from", from), ("--only", only)] {
            if let name, !stageNames.contains(name) {
                throw ToolError.badInput("\(flag) \(name): no such stage; expected one of \(stageNames.joined(separator: ", "))\(didYouMean(name, stageNames))")
            }
        }
        if from != nil, only != nil { throw ToolError.badInput("--from and --only cannot be combined; use one") }
    }

    /// Whether a stage is forced to run, is left out, or is decided by its fingerprint.
    enum Selection { case forced(String), excluded(String), byFingerprint }

    func selection(of stage: String, at index: Int, in names: [String]) -> Selection {
        if let only { return stage == only ? .forced("--only \(only)") : .excluded("not selected: --only \(only)") }
        if let from, let start = names.firstIndex(of: from) {
            return index >= start ? .forced("--from \(from)") : .excluded("before --from \(from)")
        }
        return force ? .forced("--force") : .byFingerprint
    }
}
