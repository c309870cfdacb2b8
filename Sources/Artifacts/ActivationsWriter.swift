import HDF5
import Support

/// Writes an activations file one epoch at a time. The file lives under a partial name
/// (`AtomicOutput.partialPath`) until `commit()` renames it into place. Each `append` extends
/// every per-epoch dataset, writes `/epochs/index` last and flushes, so after a crash the
/// partial file is readable up to the last complete epoch and `reopen` can continue it.
public final class ActivationsWriter {
    /// The final path; the work happens at `partialPath`.
    public let path: String
    public let partialPath: String
    private let file: HDF5File
    private let layers: [ActivationsLayout.Layer]
    private let sampleCount: Int
    private let classCount: Int
    /// Epochs recorded so far.
    public private(set) var epochCount: Int

    /// Starts a new file (replacing any partial one) with the layout's fixed content.
    public init(path: String, layout: ActivationsLayout) throws {
        let n = layout.sampleCount, c = layout.classes.count
        let imageSize = layout.imageShape.reduce(1, *)
        guard layout.sourceIndex.count == n, layout.images.count == n * imageSize,
              layout.labels.allSatisfy({ $0 >= 0 && Int($0) < c }) else {
            throw ToolError.failed("\(path): inconsistent layout: \(n) labels, \(layout.sourceIndex.count) source indices, \(layout.images.count) image bytes for shape \(layout.imageShape), \(c) classes")
        }
        try AtomicOutput.prepareDirectory(for: path)
        self.path = path
        partialPath = AtomicOutput.partialPath(for: path)
        file = try HDF5File(path: partialPath, mode: .create)
        layers = layout.layers
        sampleCount = n
        classCount = c
        epochCount = 0

        try file.setAttribute("format", ArtifactFormat.activations)
        try file.setAttribute("format_version", [ArtifactFormat.version])
        try file.setAttribute("producer", layout.producer)
        try file.setAttribute("config", layout.config)
        try file.setAttribute("seed", [layout.seed])
        try file.writeStrings("/classes", layout.classes)
        try file.write("/samples/label", layout.labels, shape: [n])
        try file.write("/samples/source_index", layout.sourceIndex, shape: [n])
        try file.write("/samples/image", layout.images, shape: [n] + layout.imageShape,
                       chunk: [max(1, min(n, 1024))] + layout.imageShape, deflate: 4)
        _ = try file.createDataset("/epochs/index", of: Int32.self, shape: [0], maxShape: [nil], chunk: [256])
        for name in ArtifactFormat.metricNames {
            _ = try file.createDataset("/metrics/\(name)", of: Float.self, shape: [0], maxShape: [nil], chunk: [256])
        }
        _ = try file.createDataset("/predictions/probability", of: Float.self, shape: [0, n, c],
                                   maxShape: [nil, n, c], chunk: [1, n, c])
        for layer in layers {
            let d = layer.width
            let objectPath = "/layers/\(layer.name)/activation"
            _ = try file.createDataset(objectPath, of: Float.self, shape: [0, n, d], maxShape: [nil, n, d], chunk: [1, n, d])
            try file.setAttribute("kind", layer.kind, on: objectPath)
            try file.setAttribute("shape", layer.shape.map { Int64($0) }, on: objectPath, asArray: true)
        }
        try file.flush()
    }

    /// Reopens the partial file of an interrupted run to continue after its last complete
    /// epoch; datasets a crash left longer than `/epochs/index` are cut back to it.
    public init(resuming path: String) throws {
        self.path = path
        partialPath = AtomicOutput.partialPath(for: path)
        file = try HDF5File(path: partialPath, mode: .readWrite)
        let reader = try ActivationsFile(file: file)
        sampleCount = reader.sampleCount
        classCount = reader.classes.count
        layers = try reader.layerNames.map { try reader.layer($0) }
        epochCount = reader.epochs.count
        var datasets = ["/predictions/probability"] + ArtifactFormat.metricNames.map { "/metrics/\($0)" }
        datasets += layers.map { "/layers/\($0.name)/activation" }
        for name in datasets where try file.dataset(name).shape[0] != epochCount {
            try file.dataset(name).extend(firstDimension: epochCount)
        }
        try file.flush()
    }

    /// Appends one epoch and flushes. Every metric of `ArtifactFormat.metricNames` and every
    /// recorded layer must be present, with `[N, C]` probabilities and `[N, D]` activations.
    public func append(_ record: EpochRecord) throws {
        guard record.probabilities.count == sampleCount * classCount else {
            throw ToolError.failed("\(path): epoch \(record.index): \(record.probabilities.count) probabilities, expected \(sampleCount)×\(classCount)")
        }
        let e = epochCount
        for layer in layers {
            guard let values = record.activations[layer.name], values.count == sampleCount * layer.width else {
                throw ToolError.failed("\(path): epoch \(record.index): activations of layer \(layer.name) missing or not \(sampleCount)×\(layer.width)")
            }
            let d = try file.dataset("/layers/\(layer.name)/activation")
            try d.extend(firstDimension: e + 1)
            try d.writeSlab(values, at: e)
        }
        let p = try file.dataset("/predictions/probability")
        try p.extend(firstDimension: e + 1)
        try p.writeSlab(record.probabilities, at: e)
        for name in ArtifactFormat.metricNames {
            let m = try file.dataset("/metrics/\(name)")
            try m.extend(firstDimension: e + 1)
            try m.writeSlab([record.metrics[name] ?? .nan], at: e)
        }
        let index = try file.dataset("/epochs/index")
        try index.extend(firstDimension: e + 1)
        try index.writeSlab([record.index], at: e)
        try file.flush()
        epochCount = e + 1
    }

    /// Closes the file and renames it to its final path.
    public func commit() throws {
        try file.flush()
        file.close()
        try AtomicOutput.commit(partialPath, to: path)
    }
}
