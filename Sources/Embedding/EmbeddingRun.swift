import Artifacts
import Foundation
import Support
import UMAP

/// umap-embed's work: reads the activations of one layer epoch by epoch, embeds them, and
/// writes the embedding file (under a partial name, renamed when every epoch is done).
public final class EmbeddingRun {
    public let config: EmbedConfig
    public let configFile: String
    public var producer = "umap-embed"

    public init(config: EmbedConfig, configFile: String) {
        self.config = config
        self.configFile = configFile
    }

    /// Checks an epoch's activations: every value finite.
    static func checkFinite(_ values: [Float], d: Int, epoch: Int32, file: String, layer: String) throws {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw ToolError.badInput("\(file): layer \(layer), epoch \(epoch), sample \(bad / d): activation \(bad % d) is \(values[bad]); expected finite numbers")
        }
    }

    public func run(activations path: String, layer: String, output: String, progress: Support.Progress) throws {
        let source = try ActivationsFile(path: path)
        let d = try source.layerWidth(layer)
        let n = source.sampleCount
        guard n >= config.umap.neighbors + 1 else {
            throw ToolError.badInput("\(path): \(n) samples, but n_neighbors = \(config.umap.neighbors) in \(configFile) needs at least \(config.umap.neighbors + 1)")
        }
        let digest = try source.layerDigest(layer)
        do {
            try write(source, layer: layer, d: d, digest: digest, output: output, progress: progress)
        } catch {
            // An embedding cannot be resumed: drop the partial file rather than leave it around.
            // `write` has returned, so its writer and HDF5's handle on the file are released:
            // HDF5 never flushes into a file deleted under it (it crashed doing so on a full disk).
            AtomicOutput.remove(AtomicOutput.partialPath(for: output))
            throw error
        }
    }

    /// Embeds every epoch into a new writer and commits it; the writer, and the HDF5 file it
    /// holds open, live only inside this call.
    private func write(_ source: ActivationsFile, layer: String, d: Int, digest: String, output: String,
                       progress: Support.Progress) throws {
        let writer = try EmbeddingWriter(path: output, epochs: source.epochs, sampleCount: source.sampleCount, producer: producer,
                                         config: config.json.serialized(sortedKeys: true), layer: layer,
                                         source: source.path, sourceDigest: digest)
        try embedEpochs(source, layer: layer, d: d, embedder: EpochSequenceEmbedder(config: config), writer: writer, progress: progress)
        try writer.commit()
    }

    private func embedEpochs(_ source: ActivationsFile, layer: String, d: Int, embedder: EpochSequenceEmbedder,
                             writer: EmbeddingWriter, progress: Support.Progress) throws {
        let path = source.path, n = source.sampleCount
        for (e, epoch) in source.epochs.enumerated() {
            let values = try source.activations(layer: layer, epoch: e)
            try Self.checkFinite(values, d: d, epoch: epoch, file: path, layer: layer)
            let result = embedder.next(values, n: n, d: d, labels: source.labels) { step, steps in
                progress.status("epoch \(epoch) (\(e + 1)/\(source.epochs.count)): SGD \(step)/\(steps)")
            }
            try writer.append(coordinates: result.layout, quality: [
                "trustworthiness": Float(result.quality.trustworthiness),
                "knn_preservation": Float(result.quality.knnPreservation),
                "neighborhood_hit": Float(result.quality.neighborhoodHit),
                "movement": Float(result.movement),
            ])
            progress.milestone(String(format: "epoch %d (%d/%d): trustworthiness %.4f, kNN preservation %.3f, neighbourhood hit %.3f, movement %.4f; fit %.2f s, quality %.2f s",
                                      Int(epoch), e + 1, source.epochs.count, result.quality.trustworthiness,
                                      result.quality.knnPreservation, result.quality.neighborhoodHit, result.movement,
                                      result.fitSeconds, result.qualitySeconds))
        }
    }
}
