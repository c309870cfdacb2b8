import HDF5
import Support

/// Reads an embedding file of the contract: aligned 2-D coordinates `[S, N, 2]`, the snapshot
/// steps they belong to and per-snapshot quality figures, with the provenance that ties the
/// file to the activations it came from. Version 1 files (`/epochs/index`) read with unknown
/// steps (−1).
public final class EmbeddingFile {
    public let path: String
    private let file: HDF5File
    /// The snapshots' steps `[S]`, −1 where the source did not say (version 1 sources).
    public let steps: [Int64]
    public let sampleCount: Int
    public let layer: String
    /// The activations file it was computed from, as given to umap-embed.
    public let source: String
    /// `ActivationsFile.layerDigest(layer)` at the time of embedding.
    public let sourceDigest: String
    public let producer: String
    public let config: String

    public var snapshotCount: Int { steps.count }

    public init(path: String) throws {
        self.path = path
        let file = try HDF5File(path: path, mode: .readOnly)
        self.file = file
        let version = try ArtifactFormat.check(file, is: ArtifactFormat.embedding, kind: "an embedding file")
        layer = try file.stringAttribute("layer") ?? ""
        source = try file.stringAttribute("source") ?? ""
        sourceDigest = try file.stringAttribute("source_digest") ?? ""
        producer = try file.stringAttribute("producer") ?? "unknown"
        config = try file.stringAttribute("config") ?? "{}"
        steps = version == 1
            ? try file.dataset(Snapshot.version1EpochsPath).read(as: Int32.self).map { _ in -1 }
            : try file.dataset(Snapshot.stepPath).read(as: Int64.self)
        let shape = try file.dataset("/embedding").shape
        guard shape.count == 3, shape[0] == steps.count, shape[2] == 2, shape[1] > 0 else {
            throw ToolError.badInput("\(path): /embedding has shape \(shape), expected [\(steps.count), N, 2]")
        }
        sampleCount = shape[1]
    }

    /// The layout at snapshot position `s` (0..<S), row-major `[N, 2]`.
    public func coordinates(snapshot s: Int) throws -> [Float] {
        guard s >= 0, s < snapshotCount else {
            throw ToolError.badInput("\(path): snapshot position \(s) is outside 0..<\(snapshotCount)")
        }
        do {
            return try file.dataset("/embedding").readSlab(at: s, as: Float.self)
        } catch let e as ToolError {
            throw ToolError.badInput("\(path): /embedding at snapshot \(s) cannot be read (damaged: \(e.message))")
        }
    }

    /// A quality figure over the snapshots `[S]`, or nil when absent.
    public func quality(_ figure: QualityFigure) throws -> [Float]? {
        guard file.exists(figure.path) else { return nil }
        return Array(try file.dataset(figure.path).read(as: Float.self).prefix(snapshotCount))
    }

    /// Throws unless this embedding was made from `activations`: same sample count, same
    /// snapshots, and a `source_digest` equal to the activations' current digest of `layer`.
    public func checkBelongs(to activations: ActivationsFile) throws {
        guard sampleCount == activations.sampleCount else {
            throw ToolError.badInput("\(path) has \(sampleCount) samples but \(activations.path) has \(activations.sampleCount): they do not belong together")
        }
        guard steps == activations.steps else {
            throw ToolError.badInput("\(path) covers \(snapshotCount) snapshots (steps \(Self.brief(steps))) but \(activations.path) has \(activations.snapshotCount) (steps \(Self.brief(activations.steps))): they do not belong together (re-run umap-embed)")
        }
        guard activations.layerNames.contains(layer) else {
            throw ToolError.badInput("\(path) embeds layer '\(layer)', which \(activations.path) does not record")
        }
        let digest = try activations.layerDigest(layer)
        guard digest == sourceDigest else {
            throw ToolError.badInput("\(path) is stale: its source_digest does not match the activations of layer '\(layer)' in \(activations.path) (re-run umap-embed)")
        }
    }

    private static func brief(_ steps: [Int64]) -> String {
        steps.count <= 8 ? "\(steps)" : "\(Array(steps.prefix(4))) … \(Array(steps.suffix(2)))"
    }
}
