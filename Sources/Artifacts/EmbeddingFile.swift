import HDF5
import Support

/// Reads an embedding file of the contract: aligned 2-D coordinates `[E, N, 2]`, the epochs
/// they belong to and per-epoch quality figures, with the provenance that ties the file to
/// the activations it came from.
public final class EmbeddingFile {
    public let path: String
    private let file: HDF5File
    /// Epoch numbers `[E]`.
    public let epochs: [Int32]
    public let sampleCount: Int
    public let layer: String
    /// The activations file it was computed from, as given to umap-embed.
    public let source: String
    /// `ActivationsFile.layerDigest(layer)` at the time of embedding.
    public let sourceDigest: String
    public let producer: String
    public let config: String

    public init(path: String) throws {
        self.path = path
        let file = try HDF5File(path: path, mode: .readOnly)
        self.file = file
        try ArtifactFormat.check(file, is: ArtifactFormat.embedding, kind: "an embedding file")
        layer = try file.stringAttribute("layer") ?? ""
        source = try file.stringAttribute("source") ?? ""
        sourceDigest = try file.stringAttribute("source_digest") ?? ""
        producer = try file.stringAttribute("producer") ?? "unknown"
        config = try file.stringAttribute("config") ?? "{}"
        let epochs = try file.dataset("/epochs/index").read(as: Int32.self)
        self.epochs = epochs
        let shape = try file.dataset("/embedding").shape
        guard shape.count == 3, shape[0] == epochs.count, shape[2] == 2, shape[1] > 0 else {
            throw ToolError.badInput("\(path): /embedding has shape \(shape), expected [\(epochs.count), N, 2]")
        }
        sampleCount = shape[1]
    }

    /// The layout at epoch position `e` (0..<E), row-major `[N, 2]`.
    public func coordinates(epoch e: Int) throws -> [Float] {
        guard e >= 0, e < epochs.count else {
            throw ToolError.badInput("\(path): epoch position \(e) is outside 0..<\(epochs.count)")
        }
        return try file.dataset("/embedding").readSlab(at: e, as: Float.self)
    }

    /// A quality figure over the epochs `[E]`, or nil when absent.
    public func quality(_ name: String) throws -> [Float]? {
        guard file.exists("/quality/\(name)") else { return nil }
        return Array(try file.dataset("/quality/\(name)").read(as: Float.self).prefix(epochs.count))
    }

    /// Throws unless this embedding was made from `activations`: same sample count, same
    /// epochs, and a `source_digest` equal to the activations' current digest of `layer`.
    public func checkBelongs(to activations: ActivationsFile) throws {
        guard sampleCount == activations.sampleCount else {
            throw ToolError.badInput("\(path) has \(sampleCount) samples but \(activations.path) has \(activations.sampleCount): they do not belong together")
        }
        guard epochs == activations.epochs else {
            throw ToolError.badInput("\(path) covers epochs \(epochs) but \(activations.path) has epochs \(activations.epochs): they do not belong together (re-run umap-embed)")
        }
        guard activations.layerNames.contains(layer) else {
            throw ToolError.badInput("\(path) embeds layer '\(layer)', which \(activations.path) does not record")
        }
        let digest = try activations.layerDigest(layer)
        guard digest == sourceDigest else {
            throw ToolError.badInput("\(path) is stale: its source_digest does not match the activations of layer '\(layer)' in \(activations.path) (re-run umap-embed)")
        }
    }
}
