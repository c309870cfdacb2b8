import Support

/// Collects images class by class and hands out seeded train/test splits: within each class
/// the images are shuffled with the seed, the first `testPerClass` go to test and the next
/// `trainPerClass` to train; each split is then shuffled so classes are interleaved.
struct SplitBuilder {
    let height: Int
    let width: Int
    let classNames: [String]
    let trainPerClass: Int
    let testPerClass: Int
    let seed: UInt64
    private var train: [([UInt8], Int32)] = []
    private var test: [([UInt8], Int32)] = []

    init(height: Int, width: Int, classNames: [String], trainPerClass: Int, testPerClass: Int, seed: UInt64) {
        self.height = height; self.width = width; self.classNames = classNames
        self.trainPerClass = trainPerClass; self.testPerClass = testPerClass; self.seed = seed
    }

    /// Adds one class's images (each `height * width` bytes); `source` names them in errors.
    mutating func add(label: Int, images: [[UInt8]], source: String) throws {
        guard images.count >= trainPerClass + testPerClass else {
            throw ToolError.badInput("\(source): holds \(images.count) images of class '\(classNames[label])' but train_per_class + test_per_class = \(trainPerClass + testPerClass)")
        }
        var order = Array(images.indices)
        var r = SeededRandom(seed: seed &+ UInt64(label) &* 0x1000_0001)
        r.shuffle(&order)
        test += order[0..<testPerClass].map { (images[$0], Int32(label)) }
        train += order[testPerClass ..< testPerClass + trainPerClass].map { (images[$0], Int32(label)) }
    }

    func build() throws -> Dataset {
        var r = SeededRandom(seed: seed ^ 0x5EED_5EED)
        return try Dataset(train: try split(train, &r), test: try split(test, &r))
    }

    private func split(_ items: [([UInt8], Int32)], _ r: inout SeededRandom) throws -> LabeledImages {
        var order = Array(items.indices)
        r.shuffle(&order)
        return try LabeledImages(height: height, width: width, classNames: classNames,
                                 pixels: order.flatMap { items[$0].0 }, labels: order.map { items[$0].1 })
    }
}
