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

/// Everything a video is drawn from, for N tracked samples over S snapshots and C classes.
/// Built from an activations file and its embedding, or directly in memory (tests).
public struct RenderInput: Sendable {
    /// Class names `[C]`.
    public var classes: [String]
    /// True class of each sample `[N]`, in 0..<C.
    public var labels: [Int]
    /// The time axis `[S]`: when each snapshot was taken (snapshot 0 is usually the untrained network).
    public var snapshots: [Snapshot]
    /// Training images in one pass (epoch), when known; turns pictures seen into "% of the first pass".
    public var trainSize: Int64?
    /// Per snapshot, the predicted class of each sample `[S][N]` (argmax of the probabilities).
    public var predictions: [[Int]]
    /// Per snapshot, 2-D coordinates `[S][N*2]` (x, y interleaved).
    public var coordinates: [[Float]]
    /// Recorded metrics, each `[S]` (NaN where not recorded, e.g. test_* between epoch ends).
    public var metrics: [Metric: [Float]]
    /// Layer the embedding was made from (shown in the details line).
    public var layer: String
    /// Images of the samples (for the legend, the map and the gallery), nil when none were recorded.
    public var images: SampleImages?
    /// What one class is, as the file says ("digit", "kind of clothing"), nil when it does not.
    public var subject: String?

    public var sampleCount: Int { labels.count }
    public var classCount: Int { classes.count }
    public var snapshotCount: Int { snapshots.count }
    /// True when every snapshot knows its images seen (format version 2); version 1 files count passes.
    public var knowsImagesSeen: Bool { snapshots.allSatisfy { $0.imagesSeen != nil } }

    public init(classes: [String], labels: [Int], snapshots: [Snapshot], trainSize: Int64? = nil,
                predictions: [[Int]], coordinates: [[Float]], metrics: [Metric: [Float]] = [:],
                layer: String = "", images: SampleImages? = nil, subject: String? = nil) throws {
        let n = labels.count, e = snapshots.count
        guard !classes.isEmpty else { throw ToolError.badInput("render input has no classes") }
        guard e > 0 else { throw ToolError.badInput("render input has no snapshots") }
        guard predictions.count == e, coordinates.count == e else {
            throw ToolError.badInput("render input has \(e) snapshots but \(predictions.count) prediction sets and \(coordinates.count) coordinate sets")
        }
        for l in labels where l < 0 || l >= classes.count {
            throw ToolError.badInput("label \(l) is outside 0..<\(classes.count) classes")
        }
        for p in predictions where p.count != n {
            throw ToolError.badInput("a prediction set has \(p.count) entries, expected \(n)")
        }
        for p in predictions { for v in p where v < 0 || v >= classes.count {
            throw ToolError.badInput("predicted class \(v) is outside 0..<\(classes.count) classes")
        } }
        for c in coordinates where c.count != 2 * n {
            throw ToolError.badInput("a coordinate set has \(c.count) values, expected \(2 * n) (N*2)")
        }
        for (name, m) in metrics where m.count != e {
            throw ToolError.badInput("metric \(name.rawValue) has \(m.count) values, expected \(e)")
        }
        if let images, images.count != n {
            throw ToolError.badInput("\(images.count) images for \(n) samples")
        }
        self.classes = classes; self.labels = labels; self.snapshots = snapshots; self.trainSize = trainSize
        self.predictions = predictions; self.coordinates = coordinates
        self.metrics = metrics; self.layer = layer; self.images = images; self.subject = subject
    }

    /// Reads an activations file and its embedding; throws unless the embedding belongs to it.
    /// The activations file checks every probability row (finite, summing to 1) and names the
    /// snapshot and sample of a bad one.
    public init(activations: ActivationsFile, embedding: EmbeddingFile) throws {
        try embedding.checkBelongs(to: activations)
        let n = activations.sampleCount, c = activations.classes.count
        var predictions: [[Int]] = []
        var coordinates: [[Float]] = []
        for s in 0..<activations.snapshotCount {
            let p = try activations.probabilities(snapshot: s)
            guard p.count == n * c else {
                throw ToolError.badInput("\(activations.path): probabilities of \(activations.describe(s)) have \(p.count) values, expected \(n * c)")
            }
            predictions.append(argmaxRows(p, columns: c))
            coordinates.append(try embedding.coordinates(snapshot: s))
        }
        var metrics: [Metric: [Float]] = [:]
        for m in Metric.allCases { metrics[m] = try activations.metric(m) }
        let shape = activations.imageShape
        var images: SampleImages? = nil
        if shape.count >= 2 {
            images = SampleImages(height: shape[0], width: shape[1], channels: shape.count == 3 ? shape[2] : 1,
                                  pixels: try activations.images())
        }
        try self.init(classes: activations.classes, labels: activations.labels.map { Int($0) },
                      snapshots: activations.snapshots, trainSize: activations.trainSize, predictions: predictions,
                      coordinates: coordinates, metrics: metrics, layer: embedding.layer, images: images,
                      subject: activations.subject)
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
