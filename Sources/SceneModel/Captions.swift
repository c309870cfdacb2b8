/// One sentence about what happened at a snapshot.
public struct Caption: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case intro, leap, learned, better, worse, recovered, separated, frontLoaded, confused, dominant
    }
    public let kind: Kind
    /// The snapshot it belongs to, 0..<S.
    public let snapshot: Int
    /// Class it is about (the true class for `confused`), nil for `intro`, `leap`, `frontLoaded`.
    public let classIndex: Int?
    /// How big the event is (0...1, larger first when captions compete for screen time):
    /// leap, better, worse: the change in accuracy; learned: the change + 0.1; recovered: the
    /// depth of the dip; separated: 0.3 × the share of training still ahead; frontLoaded:
    /// 0.5 − the share of training it took; confused: mistaken share of the class + 0.05;
    /// dominant: the share of guesses − 0.4; intro: 1 (always first).
    public let size: Double
    public let text: String
}

/// Finds every caption the rules allow in a history, ordered by snapshot and, within one,
/// largest first (ties: the order of `Caption.Kind`, then lower class index). `when[s]` is the
/// short time of snapshot s in words ("640 practice pictures").
public func findCaptions(_ h: TrainingHistory, when: [String], words w: Templates,
                         rules: CaptionRules = CaptionRules()) -> [Caption] {
    let s = h.accuracy.count
    var out: [Caption] = []
    func add(_ kind: Caption.Kind, _ k: Int, _ c: Int?, _ size: Double, _ template: String, _ values: [String: String]) {
        out.append(Caption(kind: kind, snapshot: k, classIndex: c, size: size, text: Templates.fill(template, values)))
    }
    if !w.intro.isEmpty { add(.intro, 0, nil, 1, w.intro, ["kind": w.kind]) }
    // The largest rise of overall accuracy.
    var jumpAt: Int? = nil
    var jumpSize = rules.minimumJump
    for k in 1..<max(1, s) where h.accuracy[k] - h.accuracy[k - 1] >= jumpSize {
        jumpSize = h.accuracy[k] - h.accuracy[k - 1]; jumpAt = k
    }
    if let k = jumpAt {
        add(.leap, k, nil, jumpSize, w.captionLeap,
            ["before": w.percent(h.accuracy[k - 1]), "after": w.percent(h.accuracy[k]), "when": when[k]])
    }
    // How front-loaded learning is: the first snapshot with half of the final progress.
    if s > 2, h.accuracy[s - 1] > h.accuracy[0],
       let k = (1..<s).first(where: { h.accuracy[$0] - h.accuracy[0] >= 0.5 * (h.accuracy[s - 1] - h.accuracy[0]) }),
       h.progress[k] <= rules.frontLoaded {
        add(.frontLoaded, k, nil, 0.5 - h.progress[k], w.captionFrontLoaded, ["share": w.finePercent(h.progress[k])])
    }
    for c in 0..<h.classes.count where h.classSizes[c] > 0 {
        let name = h.classes[c], size = w.number(h.classSizes[c])
        // Stands apart on the map, the first time after the start (not when it already did untrained).
        if h.separation[0][c] < rules.separated,
           let k = (1..<max(1, s)).first(where: { h.separation[$0][c] >= rules.separated }) {
            add(.separated, k, c, 0.3 * (1 - h.progress[k]), w.captionSeparated, ["class": name, "when": when[k]])
        }
        // A share right counts as earned unless the network calls at least `dominant` of all
        // pictures by the class's name, most of them wrongly (`learnedPrecision`): 100 % of
        // Sneakers right while nearly everything is called Sneaker is not getting better at
        // Sneakers, and losing it is not getting worse.
        func earned(_ k: Int) -> Double {
            let blanket = h.topGuess[k].predicted == c && h.topGuess[k].share >= rules.dominant
                && h.precision[k][c] < rules.learnedPrecision
            return blanket ? 0 : h.classAccuracy[k][c]
        }
        var peak = earned(0), low = peak, dipped = false
        for k in 1..<max(1, s) {
            let before = h.classAccuracy[k - 1][c], now = h.classAccuracy[k][c]
            let shown = ["class": name, "before": w.percent(before), "after": w.percent(now),
                         "right": w.number(h.classRight[k][c]), "size": size]
            if earned(k - 1) - now >= rules.markedChange {
                // Say why, in words: what its pictures are now taken for.
                if let why = h.newConfusion(of: c, at: k) {
                    add(.worse, k, c, before - now, w.captionWorseWhy, shown.merging(["predicted": h.classes[why.predicted]]) { a, _ in a })
                } else {
                    add(.worse, k, c, before - now, w.captionWorse, shown)
                }
            } else if h.learned(c, at: k, rules) && !h.learned(c, at: k - 1, rules) {
                // Learned, and it held for two snapshots: news at the second.
                add(.learned, k, c, now - h.classAccuracy[max(0, k - 2)][c] + 0.1, w.captionLearned, shown)
            } else if earned(k) - before >= rules.markedChange {
                add(.better, k, c, now - before, w.captionBetter, shown)
            }
            // Worse by a marked change from an earlier peak, then back to within half of it.
            if dipped && now >= peak - rules.markedChange / 2 {
                add(.recovered, k, c, peak - low, w.captionRecovered,
                    ["class": name, "peak": w.percent(peak), "low": w.percent(low), "after": w.percent(now)])
                dipped = false; peak = now; low = now
            } else if dipped {
                low = min(low, now)
            } else if peak - now >= rules.markedChange {
                dipped = true; low = now
            } else if earned(k) > peak {
                peak = now; low = now
            }
        }
    }
    for k in 1..<max(1, s) {
        // One class takes most guesses (it calls almost everything a Bag), when that starts.
        let top = h.topGuess[k]
        if top.share >= rules.dominant && (h.topGuess[k - 1].share < rules.dominant || h.topGuess[k - 1].predicted != top.predicted) {
            add(.dominant, k, top.predicted, top.share - 0.4, w.captionDominant,
                ["share": w.percent(top.share), "dominant": h.classes[top.predicted]])
        }
        // The most confused pair, when it changes, and once more at the end if it stayed.
        if let pair = confusedPair(h, k, rules) {
            let earlier = k > 1 ? confusedPair(h, k - 1, rules) : nil
            let values = ["truth": h.classes[pair.truth], "predicted": h.classes[pair.predicted], "count": w.number(pair.count)]
            let size = Double(pair.count) / Double(max(1, h.classSizes[pair.truth])) + 0.05
            if earlier.map({ !$0.sameClasses(pair) }) ?? true {
                add(.confused, k, pair.truth, size, w.captionConfused, values)
            } else if k == s - 1 {
                add(.confused, k, pair.truth, size, w.captionStillConfused, values)
            }
        }
    }
    let order: [Caption.Kind] = [.intro, .leap, .frontLoaded, .learned, .separated, .better, .worse, .recovered, .dominant, .confused]
    return out.enumerated().sorted { a, b in
        let (x, y) = (a.element, b.element)
        if x.snapshot != y.snapshot { return x.snapshot < y.snapshot }
        if x.size != y.size { return x.size > y.size }
        let (ox, oy) = (order.firstIndex(of: x.kind)!, order.firstIndex(of: y.kind)!)
        if ox != oy { return ox < oy }
        return a.offset < b.offset
    }.map(\.element)
}

/// The most confused (true, predicted) pair at snapshot `k` with its count, when it has at
/// least `rules.minimumConfusions` pictures; the first snapshot (untrained) has none.
func confusedPair(_ h: TrainingHistory, _ k: Int, _ rules: CaptionRules) -> ConfusedPair? {
    guard k > 0, let m = h.mostConfused(at: k), m.count >= rules.minimumConfusions else { return nil }
    return ConfusedPair(truth: m.truth, predicted: m.predicted, count: m.count)
}

/// A true class, the class it is most often taken for, and how many pictures.
public struct ConfusedPair: Sendable, Equatable {
    public let truth: Int, predicted: Int, count: Int
    /// Same classes (the count may differ).
    func sameClasses(_ o: ConfusedPair) -> Bool { truth == o.truth && predicted == o.predicted }
}
