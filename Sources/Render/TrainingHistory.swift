/// Figures counted directly from the recorded predictions of the tracked samples, per epoch.
public struct TrainingHistory: Sendable {
    public let classes: [String]
    public let epochs: [Int32]
    /// Fraction of all tracked samples predicted correctly, `[E]`, in 0...1.
    public let accuracy: [Double]
    /// Per epoch and class, the fraction of that class's samples predicted correctly `[E][C]`.
    public let classAccuracy: [[Double]]
    /// Number of samples of each class `[C]`.
    public let classSizes: [Int]
    /// Per epoch, confusion counts `[E][C*C]`: row = true class, column = predicted class.
    public let confusion: [[Int]]

    public init(_ input: RenderInput) {
        let c = input.classCount
        classes = input.classes
        epochs = input.epochs
        var sizes = [Int](repeating: 0, count: c)
        for l in input.labels { sizes[l] += 1 }
        classSizes = sizes
        var acc: [Double] = [], perClass: [[Double]] = [], conf: [[Int]] = []
        for p in input.predictions {
            var m = [Int](repeating: 0, count: c * c)
            var right = 0
            for (i, l) in input.labels.enumerated() {
                m[l * c + p[i]] += 1
                if p[i] == l { right += 1 }
            }
            conf.append(m)
            acc.append(input.sampleCount == 0 ? 0 : Double(right) / Double(input.sampleCount))
            perClass.append((0..<c).map { k in sizes[k] == 0 ? 0 : Double(m[k * c + k]) / Double(sizes[k]) })
        }
        accuracy = acc; classAccuracy = perClass; confusion = conf
    }

    /// The (true, predicted) pair with the most mistakes at epoch position `e`, with its count;
    /// nil when there are no mistakes. Ties go to the lowest true class, then predicted class.
    public func mostConfused(at e: Int) -> (truth: Int, predicted: Int, count: Int)? {
        let c = classes.count
        var best: (Int, Int, Int)? = nil
        for t in 0..<c { for p in 0..<c where p != t {
            let n = confusion[e][t * c + p]
            if n > 0, n > (best?.2 ?? 0) { best = (t, p, n) }
        } }
        return best.map { (truth: $0.0, predicted: $0.1, count: $0.2) }
    }
}
