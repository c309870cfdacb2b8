import HDF5
import Support

/// Reads an activations file of the contract (docs/artifacts.md), version 3 or 2 (snapshots) or
/// version 1 (one record per epoch, read as snapshots at epoch ends), from cnn-train or any
/// other writer. Opening validates the format attribute, the version and that every dataset's
/// shape agrees with `[S]`, `[N]` and `[C]`; only snapshots counted by the commit marker
/// (`/snapshots/step`, or version 1's `/epochs/index`) are visible, so a file cut short by a
/// crash reads as its complete snapshots. Per-snapshot reads name the dataset and snapshot
/// when a chunk fails its checksum.
public final class ActivationsFile {
    public let path: String
    let file: HDF5File
    /// The file's `format_version`.
    public let formatVersion: Int64
    public let classes: [String]
    /// True class per sample `[N]`.
    public let labels: [Int32]
    /// Index of each sample in its source split `[N]` (0..<N when the file has none).
    public let sourceIndex: [Int64]
    /// The recorded snapshots `[S]`, in order.
    public let snapshots: [Snapshot]
    /// Per-image shape, `[H, W]` or `[H, W, 3]` (channels-last whatever the file's layout);
    /// empty when the file has no images.
    public let imageShape: [Int]
    /// The file's picture layout, nil when it has no images.
    let pictureLayout: PictureLayout?
    public let producer: String
    public let config: String
    /// Names of the recorded layers, sorted.
    public let layerNames: [String]
    /// Images in one pass over the training data, when the file says.
    public let trainSize: Int64?
    /// The layer to embed when none is named: the `default_layer` attribute, or the only
    /// recorded layer; nil when neither says.
    public let defaultLayer: String?
    /// What one class is ("digit", "kind of clothing"): the `subject` attribute (version 3),
    /// nil when the file has none or an empty one.
    public let subject: String?

    public var sampleCount: Int { labels.count }
    public var snapshotCount: Int { snapshots.count }

    /// Where a layer's activations `[S, N, D]` live.
    public static func activationPath(_ layer: String) -> String { "/layers/\(layer)/activation" }

    public convenience init(path: String) throws {
        try self.init(file: HDF5File(path: path, mode: .readOnly))
    }

    init(file: HDF5File) throws {
        self.file = file
        let path = file.path
        self.path = path
        formatVersion = try ArtifactFormat.check(file, is: ArtifactFormat.activations, kind: "an activations file")
        producer = try file.stringAttribute("producer") ?? "unknown"
        config = try file.stringAttribute("config") ?? "{}"
        subject = try file.stringAttribute("subject").flatMap { $0.isEmpty ? nil : $0 }
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
            guard shape.first == n, let layout = PictureLayout(Array(shape.dropFirst())) else {
                throw ToolError.badInput("\(path): /samples/image has shape \(shape), expected [\(n), H, W], [\(n), H, W, 1|3] or [\(n), 1|3, H, W]")
            }
            pictureLayout = layout
            imageShape = layout.shape
        } else {
            pictureLayout = nil
            imageShape = []
        }
        trainSize = try file.numericAttribute("train_size", as: Int64.self)?.first
        let snapshots = formatVersion == 1 ? try Self.version1Snapshots(file) : try Self.snapshots(file, trainSize: trainSize)
        self.snapshots = snapshots
        guard !snapshots.isEmpty else { throw ToolError.badInput("\(path): no snapshot was recorded (\(formatVersion == 1 ? Snapshot.version1EpochsPath : Snapshot.stepPath) is empty)") }
        let s = snapshots.count, c = classes.count
        let probabilityShape = try file.dataset("/predictions/probability").shape
        guard probabilityShape.count == 3, probabilityShape[0] >= s, probabilityShape[1] == n, probabilityShape[2] == c else {
            throw ToolError.badInput("\(path): /predictions/probability has shape \(probabilityShape), expected [\(s), \(n), \(c)]")
        }
        let layerNames = file.exists("/layers") ? try file.members(of: "/layers").sorted() : []
        self.layerNames = layerNames
        for name in layerNames {
            let shape = try file.dataset(Self.activationPath(name)).shape
            guard shape.count == 3, shape[0] >= s, shape[1] == n, shape[2] > 0 else {
                throw ToolError.badInput("\(path): \(Self.activationPath(name)) has shape \(shape), expected [\(s), \(n), D]")
            }
        }
        let named = try file.stringAttribute("default_layer")
        if let named, !layerNames.contains(named) {
            throw ToolError.badInput("\(path): attribute default_layer names '\(named)', which the file does not record (it records: \(layerNames.joined(separator: ", ")))")
        }
        defaultLayer = named ?? (layerNames.count == 1 ? layerNames[0] : nil)
    }

    /// Version 2's snapshot columns, `S` from the commit marker `/snapshots/step`.
    private static func snapshots(_ file: HDF5File, trainSize: Int64?) throws -> [Snapshot] {
        let steps = try file.dataset(Snapshot.stepPath).read(as: Int64.self)
        let s = steps.count
        func column<T: HDF5Element>(_ name: String, _ type: T.Type) throws -> [T]? {
            guard file.exists(name) else { return nil }
            let values = try file.dataset(name).read(as: type)
            guard values.count >= s else {
                throw ToolError.badInput("\(file.path): \(name) has \(values.count) entries, expected at least \(s) (one per snapshot)")
            }
            return Array(values.prefix(s))
        }
        for k in steps.indices where steps[k] < 0 || (k > 0 && steps[k] <= steps[k - 1]) {
            throw ToolError.badInput("\(file.path): \(Snapshot.stepPath)[\(k)] = \(steps[k]): steps must be ≥ 0 and strictly increasing")
        }
        let seen = try column(Snapshot.imagesSeenPath, Int64.self)
        let epochs = try column(Snapshot.epochPath, Double.self)
        let ends = try column(Snapshot.epochEndPath, UInt8.self)
        return (0..<s).map { k in
            let imagesSeen = seen?[k]
            let epoch = epochs?[k] ?? imagesSeen.flatMap { i in trainSize.map { Double(i) / Double(max($0, 1)) } } ?? .nan
            return Snapshot(step: steps[k], imagesSeen: imagesSeen, epoch: epoch, epochEnd: ends.map { $0[k] != 0 } ?? (steps[k] == 0))
        }
    }

    /// Version 1's epochs, read as snapshots at epoch ends with unknown steps.
    private static func version1Snapshots(_ file: HDF5File) throws -> [Snapshot] {
        try file.dataset(Snapshot.version1EpochsPath).read(as: Int32.self).map {
            Snapshot(step: nil, imagesSeen: nil, epoch: Double($0), epochEnd: true)
        }
    }

    /// The recorded layer's description; its `width` is D.
    public func layer(_ name: String) throws -> ActivationsLayout.Layer {
        guard layerNames.contains(name) else {
            throw ToolError.badInput("\(path): no layer '\(name)'\(didYouMean(name, layerNames)); the file records: \(layerNames.joined(separator: ", "))")
        }
        let objectPath = Self.activationPath(name)
        let width = try file.dataset(objectPath).shape[2]
        let kind = try file.stringAttribute("kind", on: objectPath) ?? "unknown"
        let shape = try file.numericAttribute("shape", on: objectPath, as: Int64.self)?.map { Int($0) } ?? [width]
        return ActivationsLayout.Layer(name: name, kind: kind, shape: shape.reduce(1, *) == width ? shape : [width])
    }

    /// D, the flattened width of a layer.
    public func layerWidth(_ name: String) throws -> Int { try layer(name).width }

    /// The activations of `layer` at snapshot position `s` (0..<S), row-major `[N, D]`.
    public func activations(layer name: String, snapshot s: Int) throws -> [Float] {
        _ = try layer(name)
        return try slab(Self.activationPath(name), snapshot: s)
    }

    /// Class probabilities at snapshot position `s`, row-major `[N, C]`; every value must be
    /// finite and in 0…1 and every row sum to 1 within 1e-3.
    public func probabilities(snapshot s: Int) throws -> [Float] {
        let p = try slab("/predictions/probability", snapshot: s)
        let c = classes.count
        for i in 0..<sampleCount {
            var sum: Float = 0
            for j in 0..<c {
                let v = p[i * c + j]
                guard v.isFinite, v >= 0, v <= 1.0001 else {
                    throw ToolError.badInput("\(path): /predictions/probability at \(describe(s)), sample \(i), class \(j) is \(v), expected a probability in 0…1")
                }
                sum += v
            }
            guard abs(sum - 1) <= 1e-3 else {
                throw ToolError.badInput("\(path): /predictions/probability at \(describe(s)), sample \(i) sums to \(sum), expected 1 (softmax probabilities)")
            }
        }
        return p
    }

    /// A metric over the recorded snapshots `[S]`; all NaN when the file lacks it.
    public func metric(_ metric: Metric) throws -> [Float] {
        guard file.exists(metric.path) else { return [Float](repeating: .nan, count: snapshotCount) }
        let d = try file.dataset(metric.path)
        guard d.shape.count == 1, d.shape[0] >= snapshotCount else {
            throw ToolError.badInput("\(path): \(metric.path) has shape \(d.shape), expected [\(snapshotCount)]")
        }
        return Array(try read(d.read(as: Float.self), metric.path).prefix(snapshotCount))
    }

    /// Thumbnails, row-major `[N] + imageShape` (channels-last); empty when the file has none.
    public func images() throws -> [UInt8] {
        guard let pictureLayout else { return [] }
        return pictureLayout.channelsLast(try read(file.dataset("/samples/image").read(as: UInt8.self), "/samples/image"))
    }

    /// Reads every snapshot before `count` of every per-snapshot dataset, so a chunk whose
    /// checksum fails is found now, named by dataset and snapshot.
    public func verify(snapshots count: Int) throws {
        for s in 0..<min(count, snapshotCount) {
            _ = try probabilities(snapshot: s)
            for name in layerNames { _ = try activations(layer: name, snapshot: s) }
        }
        for metric in Metric.allCases { _ = try self.metric(metric) }
    }

    /// The snapshot steps as stored in embedding files and digests: −1 where unknown.
    public var steps: [Int64] { snapshots.map { $0.step ?? -1 } }

    /// SHA-256 over what an embedding of `layer` depends on: the layer name, the snapshot
    /// steps, the labels and every snapshot's activations (read one at a time). An embedding
    /// file stores it as `source_digest` to detect that it went stale.
    public func layerDigest(_ name: String) throws -> String {
        var hasher = try layerDigestStart(name)
        for s in 0..<snapshotCount {
            try activations(layer: name, snapshot: s).withUnsafeBufferPointer { hasher.update($0) }
        }
        return hasher.finalize()
    }

    /// `layerDigest` up to the activations: a reader that streams the snapshots anyway feeds
    /// each one's `[N, D]` activations into it in order instead of reading them twice.
    public func layerDigestStart(_ name: String) throws -> Digest.Hasher {
        var hasher = Digest.Hasher()
        hasher.update("layer:\(name);n:\(sampleCount);d:\(try layerWidth(name))")
        steps.withUnsafeBufferPointer { hasher.update($0) }
        labels.withUnsafeBufferPointer { hasher.update($0) }
        return hasher
    }

    /// "snapshot 3 (step 8)", or "snapshot 3 (epoch 3)" for a version 1 file.
    public func describe(_ s: Int) -> String {
        guard snapshots.indices.contains(s) else { return "snapshot \(s)" }
        if let step = snapshots[s].step { return "snapshot \(s) (step \(step))" }
        return "snapshot \(s) (epoch \(Int(snapshots[s].epoch)))"
    }

    private func slab(_ name: String, snapshot s: Int) throws -> [Float] {
        guard s >= 0, s < snapshotCount else {
            throw ToolError.badInput("\(path): snapshot position \(s) is outside 0..<\(snapshotCount)")
        }
        do {
            return try file.dataset(name).readSlab(at: s, as: Float.self)
        } catch let e as ToolError {
            throw ToolError.badInput("\(path): \(name) at \(describe(s)) cannot be read (damaged: \(e.message))")
        }
    }

    private func read<T>(_ body: @autoclosure () throws -> T, _ name: String) throws -> T {
        do { return try body() } catch let e as ToolError {
            throw ToolError.badInput("\(path): \(name) cannot be read (damaged: \(e.message))")
        }
    }
}
