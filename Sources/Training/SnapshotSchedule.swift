import Foundation
import Support

/// When snapshots are recorded: after which optimizer steps (docs/training.md#snapshots; the
/// Python recorder implements the same rule, and both are tested against
/// `docs/snapshot-schedule-cases.json`). With `B` batches per epoch and `E` epochs, step 0
/// (the untrained network) is always recorded, and
/// - `.schedule(growth:perEpoch:)`: log-spaced steps through the first epoch (`s = 1`, then
///   `s ← max(s + 1, ⌊s·growth + ½⌋)` while `s < B`), plus `perEpoch` evenly spaced points
///   in every epoch, `e·B + ⌊(2·j·B + perEpoch) / (2·perEpoch)⌋` for `j = 1…perEpoch`;
/// - `.epoch`: every epoch's end, `B, 2B, …, E·B`;
/// - `.steps(list)`: the listed steps (each in `1…E·B`) plus every epoch's end.
///
/// Config: `"snapshots": {"every": "schedule", "growth": 2, "per_epoch": 4}`,
/// `{"every": "epoch"}` or `{"every": "steps", "steps": [10, 100]}`.
public enum SnapshotSchedule: Equatable {
    case schedule(growth: Double, perEpoch: Int)
    case epoch
    case steps([Int])

    public static let `default` = SnapshotSchedule.schedule(growth: 2, perEpoch: 4)

    /// Reads the `snapshots` object (nil: the default schedule).
    public init(_ c: ConfigObject?) throws {
        guard let c else { self = .default; return }
        switch try c.string("every", default: "schedule", oneOf: ["schedule", "epoch", "steps"]) {
        case "epoch":
            self = .epoch
        case "steps":
            let steps = try c.ints("steps")
            guard !steps.isEmpty else { throw c.error("steps", "is empty, so the schedule yields no snapshot after step 0; list at least one step, or use {\"every\": \"epoch\"}") }
            for (k, s) in steps.enumerated() where s < 1 {
                throw c.error("steps[\(k)]", "expected a step >= 1, got \(s)")
            }
            self = .steps(steps)
        default:
            self = .schedule(growth: try c.double("growth", default: 2, min: 1.1, max: 100),
                             perEpoch: try c.int("per_epoch", default: 4, min: 1, max: 1000))
        }
        try c.finish()
    }

    /// The sorted, distinct steps to record for `epochs` epochs of `batchesPerEpoch` batches,
    /// starting with 0. `file` names the config in the error for a listed step past the end.
    public func steps(batchesPerEpoch b: Int, epochs: Int, file: String = "the config") throws -> [Int] {
        let total = b * epochs
        var steps: Set<Int> = [0]
        steps.formUnion((1...epochs).map { $0 * b })
        switch self {
        case .epoch:
            break
        case .steps(let listed):
            if let k = listed.firstIndex(where: { $0 > total }) {
                throw ToolError.badInput("\(file): $.snapshots.steps[\(k)] = \(listed[k]) is past the end of training (\(total) steps: \(epochs) epochs of \(b) batches)")
            }
            steps.formUnion(listed)
        case .schedule(let growth, let perEpoch):
            var s = 1
            while s < b {
                steps.insert(s)
                s = max(s + 1, Int((Double(s) * growth + 0.5).rounded(.down)))
            }
            for e in 0..<epochs {
                for j in 1...perEpoch { steps.insert(e * b + (2 * j * b + perEpoch) / (2 * perEpoch)) }
            }
        }
        return steps.sorted()
    }

    /// The config as written out in the resolved config.
    public var json: JSONValue {
        switch self {
        case .epoch: return .object([("every", .string("epoch"))])
        case .steps(let s): return .object([("every", .string("steps")), ("steps", .array(s.map { .number(Double($0)) }))])
        case .schedule(let g, let q):
            return .object([("every", .string("schedule")), ("growth", .number(g)), ("per_epoch", .number(Double(q)))])
        }
    }
}
