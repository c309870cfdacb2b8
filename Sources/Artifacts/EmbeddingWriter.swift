import HDF5
import Support

/// Writes an embedding file one epoch at a time under a partial name; `commit()` renames it
/// into place once every epoch is written, so no incomplete embedding sits under the final name.
public final class EmbeddingWriter {
    public let path: String
    private let partialPath: String
    private let file: HDF5File
    private let epochs: [Int32]
    private let sampleCount: Int
    public private(set) var epochCount = 0

    /// `epochs`: the epoch numbers that will be written `[E]`; `source`: the activations file;
    /// `sourceDigest`: `ActivationsFile.layerDigest(layer)`.
    public init(path: String, epochs: [Int32], sampleCount: Int, producer: String, config: String,
                layer: String, source: String, sourceDigest: String) throws {
        try AtomicOutput.prepareDirectory(for: path)
        self.path = path
        self.epochs = epochs
        self.sampleCount = sampleCount
        partialPath = AtomicOutput.partialPath(for: path)
        file = try HDF5File(path: partialPath, mode: .create)
        try file.setAttribute("format", ArtifactFormat.embedding)
        try file.setAttribute("format_version", [ArtifactFormat.version])
        try file.setAttribute("producer", producer)
        try file.setAttribute("config", config)
        try file.setAttribute("layer", layer)
        try file.setAttribute("source", source)
        try file.setAttribute("source_digest", sourceDigest)
        try file.write("/epochs/index", epochs, shape: [epochs.count])
        _ = try file.createDataset("/embedding", of: Float.self, shape: [0, sampleCount, 2],
                                   maxShape: [nil, sampleCount, 2], chunk: [1, sampleCount, 2])
        for name in ArtifactFormat.qualityNames {
            _ = try file.createDataset("/quality/\(name)", of: Float.self, shape: [0], maxShape: [nil], chunk: [256])
        }
    }

    /// Appends the next epoch's layout, row-major `[N, 2]`, and its quality figures (every
    /// name of `ArtifactFormat.qualityNames`; a missing one is stored as NaN).
    public func append(coordinates: [Float], quality: [String: Float]) throws {
        guard epochCount < epochs.count else { throw ToolError.failed("\(path): more epochs appended than the \(epochs.count) declared") }
        guard coordinates.count == sampleCount * 2 else {
            throw ToolError.failed("\(path): epoch \(epochs[epochCount]): \(coordinates.count) coordinates, expected \(sampleCount)×2")
        }
        let e = epochCount
        let d = try file.dataset("/embedding")
        try d.extend(firstDimension: e + 1)
        try d.writeSlab(coordinates, at: e)
        for name in ArtifactFormat.qualityNames {
            let q = try file.dataset("/quality/\(name)")
            try q.extend(firstDimension: e + 1)
            try q.writeSlab([quality[name] ?? .nan], at: e)
        }
        epochCount = e + 1
    }

    /// Closes the file and renames it to its final path; every declared epoch must be written.
    public func commit() throws {
        guard epochCount == epochs.count else {
            throw ToolError.failed("\(path): only \(epochCount) of \(epochs.count) epochs were written")
        }
        try file.flush()
        file.close()
        try AtomicOutput.commit(partialPath, to: path)
    }
}
