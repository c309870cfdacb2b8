/// The thresholds of every caption rule, in one place. Percentages are of a class's (or all)
/// tracked test pictures; "points" are percentage points between two consecutive recorded epochs.
public struct CaptionRules: Sendable, Equatable {
    /// A class counts as "learned" once at least this share of it is recognised (0...1).
    public var learned: Double = 0.8
    /// A class changed "markedly" when its share moved by at least this much (0...1, 0.10 = 10 points).
    public var markedChange: Double = 0.10
    /// The largest rise of overall accuracy is only reported when it is at least this big.
    public var minimumJump: Double = 0.05
    /// The most-confused pair is only reported with at least this many mistaken pictures.
    public var minimumConfusions: Int = 5
    public init() {}
}

/// One sentence explaining what happened at a recorded epoch.
public struct Caption: Sendable, Equatable {
    public enum Kind: String, Sendable { case learned, better, worse, jump, confused }
    public let kind: Kind
    /// Position of the recorded epoch it belongs to, 0..<E.
    public let epoch: Int
    /// Class it is about (the true class for `confused`), nil for `jump`.
    public let classIndex: Int?
    public let text: String
}

/// Finds captions in a training history by the rules above. Order within an epoch: jump,
/// learned, better, worse (largest change first), confused — the order they are shown in.
public func findCaptions(_ h: TrainingHistory, rules: CaptionRules = CaptionRules()) -> [Caption] {
    var out: [Caption] = []
    let e = h.epochs.count
    func pct(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }
    // The epoch with the largest accuracy rise.
    var jumpAt: Int? = nil
    var jumpSize = rules.minimumJump
    for k in 1..<max(1, e) where h.accuracy[k] - h.accuracy[k - 1] >= jumpSize {
        jumpSize = h.accuracy[k] - h.accuracy[k - 1]; jumpAt = k
    }
    for k in 0..<e {
        if k == jumpAt {
            out.append(Caption(kind: .jump, epoch: k, classIndex: nil,
                               text: "Biggest leap of training: from \(pct(h.accuracy[k - 1])) to \(pct(h.accuracy[k])) of the pictures recognised."))
        }
        guard k > 0 else { continue }
        var changes: [(Caption, Double)] = []
        for c in 0..<h.classes.count where h.classSizes[c] > 0 {
            let before = h.classAccuracy[k - 1][c], now = h.classAccuracy[k][c]
            let name = h.classes[c]
            if before < rules.learned && now >= rules.learned {
                out.append(Caption(kind: .learned, epoch: k, classIndex: c,
                                   text: "The network has learned \(name): it now recognises \(pct(now)) of them."))
            } else if now - before >= rules.markedChange {
                changes.append((Caption(kind: .better, epoch: k, classIndex: c,
                                        text: "\(name) got markedly better: \(pct(before)) → \(pct(now)) recognised."), now - before))
            } else if before - now >= rules.markedChange {
                changes.append((Caption(kind: .worse, epoch: k, classIndex: c,
                                        text: "\(name) got markedly worse: \(pct(before)) → \(pct(now)) recognised."), before - now))
            }
        }
        // Largest changes first (stable for equal ones: lower class index first).
        let ordered = changes.enumerated().sorted { a, b in
            a.element.1 != b.element.1 ? a.element.1 > b.element.1 : a.offset < b.offset
        }.map(\.element.0)
        out += ordered.filter { $0.kind == .better } + ordered.filter { $0.kind == .worse }
    }
    if e > 0, let pair = h.mostConfused(at: e - 1), pair.count >= rules.minimumConfusions {
        out.append(Caption(kind: .confused, epoch: e - 1, classIndex: pair.truth,
                           text: "Most often mixed up: \(h.classes[pair.truth]) taken for \(h.classes[pair.predicted]) (\(pair.count) pictures)."))
    }
    return out
}
