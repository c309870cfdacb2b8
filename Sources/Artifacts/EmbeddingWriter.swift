import HDF5
import Support

/// Writes an embedding file one snapshot at a time under a partial name; `commit()` renames it
/// into place once every snapshot is written, so no incomplete embedding sits under the final
/// name.
public final class EmbeddingWriter {
    public let path: String
    private let partialPath: String
    private let file: HDF5File
    private let steps: [Int64]
    private let sampleCount: Int
    public private(set) var snapshotCount = 0

    /// `steps`: the snapshot steps that will be written `[S]` (`ActivationsFile.steps`);
    /// `source`: the activations file.
    public init(path: String, steps: [Int64], sampleCount: Int, producer: String, config: String,
                layer: String, source: String) throws {
        try AtomicOutput.prepareDirectory(for: path)
        self.path = path
        self.steps = steps
        self.sampleCount = sampleCount
        partialPath = AtomicOutput.partialPath(for: path)
        file = try HDF5File(path: partialPath, mode: .create)
        try file.setAttribute("format", ArtifactFormat.embedding)
        try file.setAttribute("format_version", [ArtifactFormat.version])
        try file.setAttribute("producer", producer)
        try file.setAttribute("config", config)
        try file.setAttribute("layer", layer)
        try file.setAttribute("source", source)
        try file.write(Snapshot.stepPath, steps, shape: [steps.count])
        _ = try file.createDataset("/embedding", of: Float.self, shape: [0, sampleCount, 2],
                                   maxShape: [nil, sampleCount, 2], chunk: [1, sampleCount, 2], checksum: true)
        for figure in QualityFigure.allCases {
            _ = try file.createDataset(figure.path, of: Float.self, shape: [0], maxShape: [nil], chunk: [256], checksum: true)
        }
    }

    /// Appends the next snapshot's layout, row-major `[N, 2]`, and its quality figures (a
    /// missing one is stored as NaN).
    public func append(coordinates: [Float], quality: [QualityFigure: Float]) throws {
        guard snapshotCount < steps.count else { throw ToolError.failed("\(path): more snapshots appended than the \(steps.count) declared") }
        guard coordinates.count == sampleCount * 2 else {
            throw ToolError.failed("\(path): snapshot \(snapshotCount): \(coordinates.count) coordinates, expected \(sampleCount)×2")
        }
        let s = snapshotCount
        let d = try file.dataset("/embedding")
        try d.extend(firstDimension: s + 1)
        try d.writeSlab(coordinates, at: s)
        for figure in QualityFigure.allCases {
            let q = try file.dataset(figure.path)
            try q.extend(firstDimension: s + 1)
            try q.writeSlab([quality[figure] ?? .nan], at: s)
        }
        snapshotCount = s + 1
    }

    /// Stores `sourceDigest` (`ActivationsFile.layerDigest(layer)` of what was embedded),
    /// closes the file and renames it to its final path; every declared snapshot must be written.
    public func commit(sourceDigest: String) throws {
        guard snapshotCount == steps.count else {
            throw ToolError.failed("\(path): only \(snapshotCount) of \(steps.count) snapshots were written")
        }
        try file.setAttribute("source_digest", sourceDigest)
        try file.flush()
        file.close()
        try AtomicOutput.commit(partialPath, to: path)
    }
}
