/// Easing of the motion between two snapshots, on t in 0...1.
public enum Easing: String, Sendable, CaseIterable {
    case linear, smoothstep, cubic
    /// linear: t; smoothstep: 3t²−2t³; cubic: ease-in-out cubic (4t³, then 1−(−2t+2)³/2).
    public func apply(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .smoothstep: return t * t * (3 - 2 * t)
        case .cubic: return t < 0.5 ? 4 * t * t * t : 1 - pow3(-2 * t + 2) / 2
        }
    }
}

private func pow3(_ x: Double) -> Double { x * x * x }
