import Artifacts
import Foundation
import Support
import UMAP

/// umap-embed's work: reads the activations of one layer snapshot by snapshot, embeds them,
/// and writes the embedding file (under a partial name, renamed when every snapshot is done).
public final class EmbeddingRun {
    public let config: EmbedConfig
    public let configFile: String
    public var producer = "umap-embed"

    public init(config: EmbedConfig, configFile: String) {
        self.config = config
        self.configFile = configFile
    }

    /// Checks a snapshot's activations: every value finite.
    static func checkFinite(_ values: [Float], d: Int, snapshot: String, file: String, layer: String) throws {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ToolError.badInput("\(file): layer \(layer), \(snapshot), sample \(bad / d): activation \(bad % d) is \(values[bad]); expected finite numbers")
        }
    }

    /// The layer to embed: `requested`, or the one the file names as its default.
    public static func layer(_ requested: String?, in source: ActivationsFile) throws -> String {
        if let requested { return requested }
        guard let layer = source.defaultLayer else {
            throw ToolError.badInput("\(source.path) records several layers and names no default_layer; choose one with --layer (\(source.layerNames.joined(separator: ", ")))")
        }
        return layer
    }

    /// Embeds `layer` (nil: the file's default layer) of the activations at `path`; returns
    /// the layer embedded.
    @discardableResult
    public func run(activations path: String, layer requested: String?, output: String, progress: Support.Progress) throws -> String {
        let source = try ActivationsFile(path: path)
        let layer = try Self.layer(requested, in: source)
        let d = try source.layerWidth(layer)
        let n = source.sampleCount
        guard n >= config.umap.neighbors + 1 else {
            throw ToolError.badInput("\(path): \(n) samples, but n_neighbors = \(config.umap.neighbors) in \(configFile) needs at least \(config.umap.neighbors + 1)")
        }
        do {
            try write(source, layer: layer, d: d, output: output, progress: progress)
        } catch {
            // An embedding cannot be resumed: drop the partial file rather than leave it around.
            // `write` has returned, so its writer and HDF5's handle on the file are released:
            // HDF5 never flushes into a file deleted under it (it crashed doing so on a full disk).
            AtomicOutput.remove(AtomicOutput.partialPath(for: output))
            throw error
        }
        return layer
    }

    /// Embeds every snapshot into a new writer and commits it; the writer, and the HDF5 file
    /// it holds open, live only inside this call.
    private func write(_ source: ActivationsFile, layer: String, d: Int, output: String,
                       progress: Support.Progress) throws {
        let writer = try EmbeddingWriter(path: output, steps: source.steps, sampleCount: source.sampleCount, producer: producer,
                                         config: config.json.serialized(sortedKeys: true), layer: layer, source: source.path)
        var digest = try source.layerDigestStart(layer)
        try embedSnapshots(source, layer: layer, d: d, embedder: EpochSequenceEmbedder(config: config), writer: writer,
                           digest: &digest, progress: progress)
        try writer.commit(sourceDigest: digest.finalize())
    }

    /// Embeds the snapshots in order, reading each one's activations once: they feed the
    /// embedder and `digest` (the file's `source_digest`).
    private func embedSnapshots(_ source: ActivationsFile, layer: String, d: Int, embedder: EpochSequenceEmbedder,
                                writer: EmbeddingWriter, digest: inout Digest.Hasher, progress: Support.Progress) throws {
        let path = source.path, n = source.sampleCount, count = source.snapshotCount
        var reading = 0.0, stages = StageSeconds()
        for s in 0..<count {
            let started = Date()
            let values = try source.activations(layer: layer, snapshot: s)
            values.withUnsafeBufferPointer { digest.update($0) }
            let name = source.describe(s)
            try Self.checkFinite(values, d: d, snapshot: name, file: path, layer: layer)
            reading += Date().timeIntervalSince(started)
            let result = embedder.next(values, n: n, d: d, labels: source.labels) { step, steps in
                progress.status("\(name), \(s + 1)/\(count): SGD \(step)/\(steps)")
            }
            stages += result.seconds
            try writer.append(coordinates: result.layout, quality: [
                .trustworthiness: Float(result.quality.trustworthiness),
                .knnPreservation: Float(result.quality.knnPreservation),
                .neighborhoodHit: Float(result.quality.neighborhoodHit),
                .movement: Float(result.movement),
            ])
            let q = result.quality
            let estimated = q.points < n ? String(format: " (± %.4f; figures on %d points)", q.trustworthinessError, q.points) : ""
            progress.milestone(String(format: "%@, %d/%d: trustworthiness %.4f%@, kNN preservation %.3f, neighbourhood hit %.3f, movement %.4f; fit %.2f s, quality %.2f s",
                                      name, s + 1, count, q.trustworthiness, estimated, q.knnPreservation, q.neighborhoodHit,
                                      result.movement, result.seconds.fit, result.seconds.quality))
        }
        progress.milestone(String(format: "%d snapshots: reading and digest %.1f s, PCA %.1f s, neighbours %.1f s, graph %.1f s, initial layout %.1f s, SGD %.1f s, alignment %.1f s, quality figures %.1f s",
                                  count, reading, stages.pca, stages.neighbors, stages.graph, stages.initialization, stages.sgd,
                                  stages.alignment, stages.quality))
    }
}
