import Support

/// The images whose activations are recorded every epoch: a seeded, class-balanced subset of
/// the test split. Classes are visited round-robin in a seeded order, each giving its next
/// image from a seeded shuffle of its own, until `count` are taken; so class counts differ by
/// at most one unless a class runs out (its share then goes to the others).
public struct TrackedSamples: Sendable {
    public static let defaultCount = 2000

    /// Positions in the test split, ascending (the `/samples/source_index` of the artifacts).
    public let sourceIndices: [Int]
    /// The selected images and labels, in `sourceIndices` order.
    public let images: LabeledImages

    public init(from test: LabeledImages, count: Int = Self.defaultCount, seed: UInt64 = 0) throws {
        guard count >= 1, count <= test.count else {
            throw ToolError.badInput("tracked samples: asked for \(count) but the test split holds \(test.count) images; expected 1 to \(test.count)")
        }
        var r = SeededRandom(seed: seed ^ 0x7AC4_ED00)
        var byClass = [[Int]](repeating: [], count: test.classNames.count)
        for (i, l) in test.labels.enumerated() { byClass[Int(l)].append(i) }
        for c in byClass.indices { r.shuffle(&byClass[c]) }
        var order = Array(byClass.indices)
        r.shuffle(&order)
        var taken = [Int](), next = [Int](repeating: 0, count: byClass.count)
        while taken.count < count {
            for c in order where taken.count < count && next[c] < byClass[c].count {
                taken.append(byClass[c][next[c]])
                next[c] += 1
            }
        }
        sourceIndices = taken.sorted()
        images = test.subset(sourceIndices)
    }
}
