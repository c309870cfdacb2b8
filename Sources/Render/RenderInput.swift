import Artifacts
import Support

/// One small grey or colour image, row-major bytes `[height, width]` or `[height, width, 3]`.
public struct Thumbnail: Sendable, Equatable {
    public var width: Int, height: Int, channels: Int
    public var pixels: [UInt8]
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        self.width = width; self.height = height; self.channels = channels; self.pixels = pixels
    }
}

/// Everything a video is drawn from, for N tracked samples over E recorded epochs and C classes.
/// Built from an activations file and its embedding, or directly in memory (tests).
public struct RenderInput: Sendable {
    /// Class names `[C]`.
    public var classes: [String]
    /// True class of each sample `[N]`, in 0..<C.
    public var labels: [Int]
    /// Recorded epoch numbers `[E]` (0 = untrained).
    public var epochs: [Int32]
    /// Per epoch, the predicted class of each sample `[E][N]` (argmax of the probabilities).
    public var predictions: [[Int]]
    /// Per epoch, 2-D coordinates `[E][N*2]` (x, y interleaved).
    public var coordinates: [[Float]]
    /// Recorded metrics by name, each `[E]` (e.g. test_accuracy, test_loss).
    public var metrics: [String: [Float]]
    /// Layer the embedding was made from (shown in the details line).
    public var layer: String
    /// Images of the samples (for the legend and the gallery), nil when none were recorded.
    public var images: SampleImages?

    public var sampleCount: Int { labels.count }
    public var classCount: Int { classes.count }
    public var epochCount: Int { epochs.count }

    public init(classes: [String], labels: [Int], epochs: [Int32], predictions: [[Int]],
                coordinates: [[Float]], metrics: [String: [Float]] = [:], layer: String = "",
                images: SampleImages? = nil) throws {
        let n = labels.count, e = epochs.count
        guard !classes.isEmpty else { throw ToolError.badInput("render input has no classes") }
        guard e > 0 else { throw ToolError.badInput("render input has no epochs") }
        guard predictions.count == e, coordinates.count == e else {
            throw ToolError.badInput("render input has \(e) epochs but \(predictions.count) prediction sets and \(coordinates.count) coordinate sets")
        }
        for l in labels where l < 0 || l >= classes.count {
            throw ToolError.badInput("label \(l) is outside 0..<\(classes.count) classes")
        }
        for p in predictions where p.count != n {
            throw ToolError.badInput("a prediction set has \(p.count) entries, expected \(n)")
        }
        for c in coordinates where c.count != 2 * n {
            throw ToolError.badInput("a coordinate set has \(c.count) values, expected \(2 * n) (N*2)")
        }
        for (name, m) in metrics where m.count != e {
            throw ToolError.badInput("metric \(name) has \(m.count) values, expected \(e)")
        }
        if let images, images.count != n {
            throw ToolError.badInput("\(images.count) images for \(n) samples")
        }
        self.classes = classes; self.labels = labels; self.epochs = epochs
        self.predictions = predictions; self.coordinates = coordinates
        self.metrics = metrics; self.layer = layer; self.images = images
    }

    /// Reads an activations file and its embedding; throws unless the embedding belongs to it.
    public init(activations: ActivationsFile, embedding: EmbeddingFile) throws {
        try embedding.checkBelongs(to: activations)
        let n = activations.sampleCount, c = activations.classes.count
        var predictions: [[Int]] = []
        var coordinates: [[Float]] = []
        for e in 0..<activations.snapshotCount {
            let p = try activations.probabilities(snapshot: e)
            guard p.count == n * c else {
                throw ToolError.badInput("\(activations.path): probabilities of epoch position \(e) have \(p.count) values, expected \(n * c)")
            }
            predictions.append(argmaxRows(p, columns: c))
            coordinates.append(try embedding.coordinates(snapshot: e))
        }
        var metrics: [String: [Float]] = [:]
        for metric in [Metric.testAccuracy, .testLoss, .trainAccuracy, .trainLoss] {
            metrics[metric.rawValue] = try activations.metric(metric)
        }
        let shape = activations.imageShape
        var images: SampleImages? = nil
        if shape.count >= 2 {
            images = SampleImages(height: shape[0], width: shape[1], channels: shape.count == 3 ? shape[2] : 1,
                                  pixels: try activations.images())
        }
        try self.init(classes: activations.classes, labels: activations.labels.map { Int($0) },
                      epochs: activations.snapshots.map { Int32($0.epoch.rounded(.down)) }, predictions: predictions, coordinates: coordinates,
                      metrics: metrics, layer: embedding.layer, images: images)
    }

    /// Reads both files by path.
    public static func load(activations: String, embedding: String) throws -> RenderInput {
        try RenderInput(activations: ActivationsFile(path: activations), embedding: EmbeddingFile(path: embedding))
    }
}

/// All samples' images in one buffer `[N, height, width(, channels)]`.
public struct SampleImages: Sendable {
    public var height: Int, width: Int, channels: Int
    public var pixels: [UInt8]
    public init(height: Int, width: Int, channels: Int, pixels: [UInt8]) {
        self.height = height; self.width = width; self.channels = channels; self.pixels = pixels
    }
    public var count: Int { height * width * channels == 0 ? 0 : pixels.count / (height * width * channels) }

    /// The image of sample `i`.
    public func thumbnail(_ i: Int) -> Thumbnail {
        let size = height * width * channels
        return Thumbnail(width: width, height: height, channels: channels,
                         pixels: Array(pixels[(i * size)..<((i + 1) * size)]))
    }
}

/// Index of the largest value in each row of a row-major `[rows, columns]` buffer (first on ties).
func argmaxRows(_ values: [Float], columns: Int) -> [Int] {
    let rows = columns == 0 ? 0 : values.count / columns
    return (0..<rows).map { r in
        var best = 0
        var bestValue = -Float.infinity
        for c in 0..<columns where values[r * columns + c] > bestValue {
            bestValue = values[r * columns + c]; best = c
        }
        return best
    }
}
