/// Figures counted directly from the recorded predictions and map positions of the tracked
/// samples, per snapshot. Everything a caption or a table row says comes from here.
public struct TrainingHistory: Sendable {
    public let classes: [String]
    /// Fraction of all tracked samples predicted correctly, `[S]`, in 0...1.
    public let accuracy: [Double]
    /// Per snapshot and class, the number of that class's samples predicted correctly `[S][C]`.
    public let classRight: [[Int]]
    /// Per snapshot and class, the fraction of that class's samples predicted correctly `[S][C]`.
    public let classAccuracy: [[Double]]
    /// Number of samples of each class `[C]`.
    public let classSizes: [Int]
    /// Per snapshot, confusion counts `[S][C*C]`: row = true class, column = predicted class.
    public let confusion: [[Int]]
    /// Per snapshot and class, how far the class stands apart on the map `[S][C]`: the share of
    /// its samples lying nearer to their own class's centroid than to any other class's centroid
    /// (Euclidean, map coordinates; non-finite points count as not apart).
    public let separation: [[Double]]
    /// Per snapshot, the class guessed most often and the share of all guesses it takes `[S]`.
    public let topGuess: [(predicted: Int, share: Double)]
    /// Per snapshot, how far through training it is, 0...1: its epoch over the last snapshot's.
    public let progress: [Double]
    /// Per snapshot and class, the share of the pictures the network calls that class that
    /// really are of it `[S][C]` (precision; 1 when it calls none so).
    public let precision: [[Double]]

    public init(_ input: RenderInput) {
        let c = input.classCount, n = input.sampleCount
        classes = input.classes
        var sizes = [Int](repeating: 0, count: c)
        for l in input.labels { sizes[l] += 1 }
        classSizes = sizes
        var acc: [Double] = [], right: [[Int]] = [], perClass: [[Double]] = [], conf: [[Int]] = []
        var top: [(Int, Double)] = []
        for p in input.predictions {
            var m = [Int](repeating: 0, count: c * c)
            var guesses = [Int](repeating: 0, count: c)
            var total = 0
            for (i, l) in input.labels.enumerated() {
                m[l * c + p[i]] += 1
                guesses[p[i]] += 1
                if p[i] == l { total += 1 }
            }
            conf.append(m)
            acc.append(n == 0 ? 0 : Double(total) / Double(n))
            let r = (0..<c).map { k in m[k * c + k] }
            right.append(r)
            perClass.append((0..<c).map { k in sizes[k] == 0 ? 0 : Double(r[k]) / Double(sizes[k]) })
            let most = guesses.indices.max { guesses[$0] < guesses[$1] || (guesses[$0] == guesses[$1] && $0 > $1) } ?? 0
            top.append((most, n == 0 ? 0 : Double(guesses[most]) / Double(n)))
        }
        accuracy = acc; classRight = right; classAccuracy = perClass; confusion = conf; topGuess = top
        precision = conf.map { m in (0..<c).map { k in
            let called = (0..<c).reduce(0) { $0 + m[$1 * c + k] }
            return called == 0 ? 1 : Double(m[k * c + k]) / Double(called)
        } }
        separation = input.coordinates.map { centroidSeparation($0, labels: input.labels, classCount: c) }
        let last = input.snapshots.last?.epoch ?? 0
        progress = input.snapshots.map { last > 0 ? $0.epoch / last : 0 }
    }

    /// Whether class `c` counts as learned at snapshot `s`: at least `rules.learned` of its
    /// pictures named right while at least `rules.learnedPrecision` of the pictures called by its
    /// name really are of it (a network calling everything a Pullover has not learned
    /// Pullover), and both held at the snapshot before too.
    public func learned(_ c: Int, at s: Int, _ rules: CaptionRules) -> Bool {
        func holds(_ k: Int) -> Bool { classAccuracy[k][c] >= rules.learned && precision[k][c] >= rules.learnedPrecision }
        return s > 0 && classSizes[c] > 0 && holds(s) && holds(s - 1)
    }

    /// The class whose share of class `c`'s pictures grew most from snapshot `s − 1` to `s`
    /// (what `c` is now taken for), with the growth in pictures; nil when none grew.
    public func newConfusion(of c: Int, at s: Int) -> (predicted: Int, more: Int)? {
        let n = classes.count
        guard s > 0 else { return nil }
        let growth = (0..<n).map { p in p == c ? Int.min : confusion[s][c * n + p] - confusion[s - 1][c * n + p] }
        guard let p = growth.indices.max(by: { growth[$0] < growth[$1] || (growth[$0] == growth[$1] && $0 > $1) }), growth[p] > 0 else { return nil }
        return (p, growth[p])
    }

    /// Every (true, predicted) pair with at least `minimum` mistakes at snapshot `s`, most
    /// mistakes first (ties: lower true class, then lower predicted class).
    public func confusedPairs(at s: Int, minimum: Int) -> [ConfusedPair] {
        let c = classes.count
        var pairs: [ConfusedPair] = []
        for t in 0..<c { for p in 0..<c where p != t && confusion[s][t * c + p] >= max(1, minimum) {
            pairs.append(ConfusedPair(truth: t, predicted: p, count: confusion[s][t * c + p]))
        } }
        return pairs.sorted { $0.count != $1.count ? $0.count > $1.count : ($0.truth, $0.predicted) < ($1.truth, $1.predicted) }
    }

    /// The (true, predicted) pair with the most mistakes at snapshot `s`, with its count;
    /// nil when there are no mistakes. Ties go to the lowest true class, then predicted class.
    public func mostConfused(at s: Int) -> (truth: Int, predicted: Int, count: Int)? {
        let c = classes.count
        var best: (Int, Int, Int)? = nil
        for t in 0..<c { for p in 0..<c where p != t {
            let n = confusion[s][t * c + p]
            if n > 0, n > (best?.2 ?? 0) { best = (t, p, n) }
        } }
        return best.map { (truth: $0.0, predicted: $0.1, count: $0.2) }
    }
}

/// Per class, the share of its samples nearer their own class centroid than any other (see
/// `TrainingHistory.separation`); `xy` is `[N*2]` interleaved.
func centroidSeparation(_ xy: [Float], labels: [Int], classCount c: Int) -> [Double] {
    var sx = [Double](repeating: 0, count: c), sy = sx, count = sx
    for (i, l) in labels.enumerated() where xy[2 * i].isFinite && xy[2 * i + 1].isFinite {
        sx[l] += Double(xy[2 * i]); sy[l] += Double(xy[2 * i + 1]); count[l] += 1
    }
    let cx = (0..<c).map { count[$0] > 0 ? sx[$0] / count[$0] : .nan }
    let cy = (0..<c).map { count[$0] > 0 ? sy[$0] / count[$0] : .nan }
    var apart = [Double](repeating: 0, count: c), size = [Double](repeating: 0, count: c)
    for (i, l) in labels.enumerated() {
        size[l] += 1
        let x = Double(xy[2 * i]), y = Double(xy[2 * i + 1])
        guard x.isFinite && y.isFinite else { continue }
        let own = (x - cx[l]) * (x - cx[l]) + (y - cy[l]) * (y - cy[l])
        var nearest = true
        for k in 0..<c where k != l && count[k] > 0 {
            if (x - cx[k]) * (x - cx[k]) + (y - cy[k]) * (y - cy[k]) < own { nearest = false; break }
        }
        if nearest { apart[l] += 1 }
    }
    return (0..<c).map { size[$0] > 0 ? apart[$0] / size[$0] : 0 }
}
