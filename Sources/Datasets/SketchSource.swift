import Support

/// The generated sketch set: `SketchShape`s drawn with seeded jitter by `StrokeRasterizer`,
/// `trainPerClass` and `testPerClass` drawings per shape. Needs no files; the same seed gives
/// the same bytes. Train and test drawings come from different random streams.
public struct SketchSource: Equatable, Sendable {
    public var shapes: [SketchShape]
    public var trainPerClass: Int
    public var testPerClass: Int
    public var seed: UInt64
    /// Per-vertex jitter as a fraction of the shape's half-size.
    public var noise: Double
    public var rasterizer: StrokeRasterizer

    public init(shapes: [SketchShape] = SketchShape.allCases, trainPerClass: Int = 500, testPerClass: Int = 100,
                seed: UInt64 = 0, noise: Double = 0.04, rasterizer: StrokeRasterizer = StrokeRasterizer()) {
        self.shapes = shapes; self.trainPerClass = trainPerClass; self.testPerClass = testPerClass
        self.seed = seed; self.noise = noise; self.rasterizer = rasterizer
    }

    public func load() throws -> Dataset {
        var builder = SplitBuilder(height: rasterizer.size, width: rasterizer.size, classNames: shapes.map(\.rawValue),
                                   trainPerClass: trainPerClass, testPerClass: testPerClass, seed: seed)
        for (label, shape) in shapes.enumerated() {
            var r = SeededRandom(seed: seed ^ (UInt64(label + 1) &* 0x9E37_79B9_7F4A_7C15))
            let images = try (0 ..< trainPerClass + testPerClass).map { _ in
                try rasterizer.render(shape.strokes(random: &r, noise: noise))
            }
            try builder.add(label: label, images: images, source: "generated sketches")
        }
        return try builder.build()
    }
}
