import HDF5
import Support

/// Writes an activations file (docs/artifacts.md) one snapshot at a time. The file lives under
/// a partial name (`AtomicOutput.partialPath`) until `commit()` renames it into place. Every
/// per-snapshot dataset carries a Fletcher-32 checksum. `append` writes a snapshot's data,
/// flushes, and only then extends `/snapshots/step` (the commit marker) and flushes again, so
/// after a crash or a full disk the partial file reads as its complete snapshots and
/// `init(resuming:keeping:)` can continue it.
public final class ActivationsWriter {
    /// The final path; the work happens at `partialPath`.
    public let path: String
    public let partialPath: String
    private let file: HDF5File
    private let layers: [ActivationsLayout.Layer]
    private let sampleCount: Int
    private let classCount: Int
    /// Snapshots recorded so far.
    public private(set) var snapshotCount: Int

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
        snapshotCount = 0

        try file.setAttribute("format", ArtifactFormat.activations)
        try file.setAttribute("format_version", [ArtifactFormat.version])
        try file.setAttribute("producer", layout.producer)
        try file.setAttribute("config", layout.config)
        try file.setAttribute("seed", [layout.seed])
        try file.setAttribute("default_layer", layout.defaultLayer)
        try file.setAttribute("train_size", [layout.trainSize])
        if let subject = layout.subject { try file.setAttribute("subject", subject) }
        try file.writeStrings("/classes", layout.classes)
        try file.write("/samples/label", layout.labels, shape: [n])
        try file.write("/samples/source_index", layout.sourceIndex, shape: [n])
        try file.write("/samples/image", layout.images, shape: [n] + layout.imageShape,
                       chunk: [max(1, min(n, 1024))] + layout.imageShape, deflate: 4, checksum: true)
        func column<T: HDF5Element>(_ path: String, _ type: T.Type) throws {
            _ = try file.createDataset(path, of: type, shape: [0], maxShape: [nil], chunk: [256], checksum: true)
        }
        try column(Snapshot.stepPath, Int64.self)
        try column(Snapshot.imagesSeenPath, Int64.self)
        try column(Snapshot.epochPath, Double.self)
        try column(Snapshot.epochEndPath, UInt8.self)
        for metric in Metric.allCases { try column(metric.path, Float.self) }
        _ = try file.createDataset("/predictions/probability", of: Float.self, shape: [0, n, c],
                                   maxShape: [nil, n, c], chunk: [1, n, c], checksum: true)
        for layer in layers {
            let d = layer.width
            let objectPath = ActivationsFile.activationPath(layer.name)
            _ = try file.createDataset(objectPath, of: Float.self, shape: [0, n, d], maxShape: [nil, n, d],
                                       chunk: [1, n, d], checksum: true)
            try file.setAttribute("kind", layer.kind, on: objectPath)
            try file.setAttribute("shape", layer.shape.map { Int64($0) }, on: objectPath, asArray: true)
        }
        try file.flush()
    }

    /// Reopens the partial file of an interrupted run, keeps its first `keeping` snapshots
    /// (at most as many as it holds complete) and cuts everything after them, including
    /// data a crash left beyond the commit marker. The kept snapshots are read back, so a
    /// damaged one (failed checksum) is refused with its name instead of being continued.
    public init(resuming path: String, keeping: Int) throws {
        self.path = path
        partialPath = AtomicOutput.partialPath(for: path)
        file = try HDF5File(path: partialPath, mode: .readWrite)
        let reader = try ActivationsFile(file: file)
        guard reader.formatVersion == ArtifactFormat.version else {
            throw ToolError.badInput("\(partialPath): format_version \(reader.formatVersion) cannot be continued by this build (rerun without --resume)")
        }
        sampleCount = reader.sampleCount
        classCount = reader.classes.count
        layers = try reader.layerNames.map { try reader.layer($0) }
        snapshotCount = min(keeping, reader.snapshots.count)
        // The commit marker shrinks first, so a crash during the cut leaves a readable file.
        try file.dataset(Snapshot.stepPath).extend(firstDimension: snapshotCount)
        try file.flush()
        for name in perSnapshotDatasets where name != Snapshot.stepPath {
            let d = try file.dataset(name)
            if d.shape[0] != snapshotCount { try d.extend(firstDimension: snapshotCount) }
        }
        try file.flush()
        try ActivationsFile(file: file).verify(snapshots: snapshotCount)
    }

    private var perSnapshotDatasets: [String] {
        [Snapshot.stepPath, Snapshot.imagesSeenPath, Snapshot.epochPath, Snapshot.epochEndPath, "/predictions/probability"]
            + Metric.allCases.map(\.path) + layers.map { ActivationsFile.activationPath($0.name) }
    }

    /// Appends one snapshot: its data and metrics first, then a flush, then the commit marker
    /// and a second flush. The record needs `[N, C]` probabilities and `[N, D]` activations
    /// for every recorded layer; a missing metric is stored as NaN.
    public func append(_ record: SnapshotRecord) throws {
        guard record.probabilities.count == sampleCount * classCount else {
            throw ToolError.failed("\(path): snapshot at step \(record.step): \(record.probabilities.count) probabilities, expected \(sampleCount)×\(classCount)")
        }
        let s = snapshotCount
        func put<T: HDF5Element>(_ name: String, _ values: [T]) throws {
            let d = try file.dataset(name)
            try d.extend(firstDimension: s + 1)
            try d.writeSlab(values, at: s)
        }
        for layer in layers {
            guard let values = record.activations[layer.name], values.count == sampleCount * layer.width else {
                throw ToolError.failed("\(path): snapshot at step \(record.step): activations of layer \(layer.name) missing or not \(sampleCount)×\(layer.width)")
            }
            try put(ActivationsFile.activationPath(layer.name), values)
        }
        try put("/predictions/probability", record.probabilities)
        for metric in Metric.allCases { try put(metric.path, [record.metrics[metric] ?? .nan]) }
        try put(Snapshot.imagesSeenPath, [record.imagesSeen])
        try put(Snapshot.epochPath, [record.epoch])
        try put(Snapshot.epochEndPath, [UInt8(record.epochEnd ? 1 : 0)])
        try file.flush()
        try put(Snapshot.stepPath, [record.step])
        try file.flush()
        snapshotCount = s + 1
    }

    /// Closes the file and renames it to its final path.
    public func commit() throws {
        try file.flush()
        file.close()
        try AtomicOutput.commit(partialPath, to: path)
    }
}
