import HDF5
import Support

/// Reads an activations file of the contract (docs/artifacts.md), from cnn-train or any other
/// writer. Opening validates the format attribute, the version and that every dataset's shape
/// agrees with `[E]`, `[N]` and `[C]`; only epochs listed in `/epochs/index` are visible, so a
/// file cut short by a crash reads as its complete epochs.
public final class ActivationsFile {
    public let path: String
    let file: HDF5File
    public let classes: [String]
    /// True class per sample `[N]`.
    public let labels: [Int32]
    /// Index of each sample in its source split `[N]` (0..<N when the file has none).
    public let sourceIndex: [Int64]
    /// Recorded epoch numbers `[E]`; 0 is the untrained network.
    public let epochs: [Int32]
    /// Per-image shape, `[H, W]` or `[H, W, 3]`; empty when the file has no images.
    public let imageShape: [Int]
    public let producer: String
    public let config: String
    /// Names of the recorded layers, sorted.
    public let layerNames: [String]

    public var sampleCount: Int { labels.count }

    public convenience init(path: String) throws {
        try self.init(file: HDF5File(path: path, mode: .readOnly))
    }

    init(file: HDF5File) throws {
        self.file = file
        let path = file.path
        self.path = path
        try ArtifactFormat.check(file, is: ArtifactFormat.activations, kind: "an activations file")
        producer = try file.stringAttribute("producer") ?? "unknown"
        config = try file.stringAttribute("config") ?? "{}"
        let classes = try file.readStrings("/classes")
        self.classes = classes
        let labels = try file.dataset("/samples/label").read(as: Int32.self)
        self.labels = labels
        let n = labels.count
        guard n > 0 else { throw ToolError.badInput("\(path): /samples/label is empty") }
        if let bad = labels.firstIndex(where: { $0 < 0 || Int($0) >= classes.count }) {
            throw ToolError.badInput("\(path): /samples/label[\(bad)] = \(labels[bad]) is not a class index in 0..<\(classes.count)")
        }
        let sourceIndex = file.exists("/samples/source_index")
            ? try file.dataset("/samples/source_index").read(as: Int64.self) : Array(0..<Int64(n))
        self.sourceIndex = sourceIndex
        guard sourceIndex.count == n else {
            throw ToolError.badInput("\(path): /samples/source_index has \(sourceIndex.count) entries, expected \(n) (one per label)")
        }
        if file.exists("/samples/image") {
            let shape = try file.dataset("/samples/image").shape
            guard shape.first == n, shape.count == 3 || (shape.count == 4 && shape[3] == 3) else {
                throw ToolError.badInput("\(path): /samples/image has shape \(shape), expected [\(n), H, W] or [\(n), H, W, 3]")
            }
            imageShape = Array(shape.dropFirst())
        } else {
            imageShape = []
        }
        let epochs = try file.dataset("/epochs/index").read(as: Int32.self)
        self.epochs = epochs
        guard !epochs.isEmpty else { throw ToolError.badInput("\(path): /epochs/index is empty: no epoch was recorded") }
        let e = epochs.count, c = classes.count
        let probabilityShape = try file.dataset("/predictions/probability").shape
        guard probabilityShape.count == 3, probabilityShape[0] >= e, probabilityShape[1] == n, probabilityShape[2] == c else {
            throw ToolError.badInput("\(path): /predictions/probability has shape \(probabilityShape), expected [\(e), \(n), \(c)]")
        }
        layerNames = file.exists("/layers") ? try file.members(of: "/layers").sorted() : []
        for name in layerNames {
            let shape = try file.dataset("/layers/\(name)/activation").shape
            guard shape.count == 3, shape[0] >= e, shape[1] == n, shape[2] > 0 else {
                throw ToolError.badInput("\(path): /layers/\(name)/activation has shape \(shape), expected [\(e), \(n), D]")
            }
        }
    }

    /// The recorded layer's description; its `width` is D.
    public func layer(_ name: String) throws -> ActivationsLayout.Layer {
        guard layerNames.contains(name) else {
            throw ToolError.badInput("\(path): no layer '\(name)'\(didYouMean(name, layerNames)); the file records: \(layerNames.joined(separator: ", "))")
        }
        let objectPath = "/layers/\(name)/activation"
        let width = try file.dataset(objectPath).shape[2]
        let kind = try file.stringAttribute("kind", on: objectPath) ?? "unknown"
        let shape = try file.numericAttribute("shape", on: objectPath, as: Int64.self)?.map { Int($0) } ?? [width]
        return ActivationsLayout.Layer(name: name, kind: kind, shape: shape.reduce(1, *) == width ? shape : [width])
    }

    /// D, the flattened width of a layer.
    public func layerWidth(_ name: String) throws -> Int { try layer(name).width }

    /// The activations of `layer` at epoch position `e` (0..<E), row-major `[N, D]`.
    public func activations(layer name: String, epoch e: Int) throws -> [Float] {
        _ = try layer(name)
        try checkEpoch(e)
        return try file.dataset("/layers/\(name)/activation").readSlab(at: e, as: Float.self)
    }

    /// Class probabilities at epoch position `e`, row-major `[N, C]`.
    public func probabilities(epoch e: Int) throws -> [Float] {
        try checkEpoch(e)
        return try file.dataset("/predictions/probability").readSlab(at: e, as: Float.self)
    }

    /// A metric over the recorded epochs `[E]`, or nil when the file lacks it.
    public func metric(_ name: String) throws -> [Float]? {
        guard file.exists("/metrics/\(name)") else { return nil }
        let d = try file.dataset("/metrics/\(name)")
        guard d.shape.count == 1, d.shape[0] >= epochs.count else {
            throw ToolError.badInput("\(path): /metrics/\(name) has shape \(d.shape), expected [\(epochs.count)]")
        }
        return Array(try d.read(as: Float.self).prefix(epochs.count))
    }

    /// Thumbnails, row-major `[N] + imageShape`; empty when the file has none.
    public func images() throws -> [UInt8] {
        imageShape.isEmpty ? [] : try file.dataset("/samples/image").read(as: UInt8.self)
    }

    /// SHA-256 over what an embedding of `layer` depends on: the layer name, the epoch
    /// numbers, the labels and every epoch's activations (read one epoch at a time). An
    /// embedding file stores it as `source_digest` to detect that it went stale.
    public func layerDigest(_ name: String) throws -> String {
        var hasher = Digest.Hasher()
        hasher.update("layer:\(name);n:\(sampleCount);d:\(try layerWidth(name))")
        epochs.withUnsafeBufferPointer { hasher.update($0) }
        labels.withUnsafeBufferPointer { hasher.update($0) }
        for e in 0..<epochs.count {
            try activations(layer: name, epoch: e).withUnsafeBufferPointer { hasher.update($0) }
        }
        return hasher.finalize()
    }

    private func checkEpoch(_ e: Int) throws {
        guard e >= 0, e < epochs.count else {
            throw ToolError.badInput("\(path): epoch position \(e) is outside 0..<\(epochs.count)")
        }
    }
}
