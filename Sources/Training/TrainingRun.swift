import Artifacts
import Datasets
import Foundation
import Network
import Support

/// cnn-train's work: load the data, build the model, record epoch 0 (the untrained network),
/// then train and record after every epoch, writing a checkpoint first each time, and finally
/// rename the activations file into place. With `resume`, an interrupted run continues from
/// its last checkpoint and ends with the same file contents (all but `seconds`) as a run that
/// was never interrupted.
public final class TrainingRun {
    public let config: TrainConfig
    public let configFile: String
    public let outputPath: String
    public let checkpointPath: String
    public let progress: Support.Progress
    /// Program name and version written as the file's `producer`.
    public var producer = "cnn-train"

    /// Where a run can be cut short on purpose, to test resuming: right after epoch N's
    /// checkpoint (before its record), or after its record. The run throws `Interrupted`.
    public enum InterruptionPoint: Equatable {
        case afterCheckpoint(epoch: Int)
        case afterRecord(epoch: Int)
    }
    public struct Interrupted: Error {}
    /// For tests: stop as a kill at this point would (nothing is cleaned up).
    public var interruption: InterruptionPoint?

    public init(config: TrainConfig, configFile: String, outputPath: String, checkpointPath: String? = nil,
                progress: Support.Progress) {
        self.config = config
        self.configFile = configFile
        self.outputPath = outputPath
        self.checkpointPath = checkpointPath ?? TrainingRun.defaultCheckpointPath(for: outputPath)
        self.progress = progress
    }

    /// `runs/x/activations.h5` → `runs/x/activations.checkpoint`.
    public static func defaultCheckpointPath(for output: String) -> String {
        (output.hasSuffix(".h5") ? String(output.dropLast(3)) : output) + ".checkpoint"
    }

    /// Trains and records; returns the final test accuracy.
    @discardableResult
    public func run(resume: Bool) throws -> Double {
        let data = try config.dataset.load()
        let classes = data.classNames
        let tracked = try TrackedSamples(from: data.test, count: config.trackedSamples, seed: config.seed)
        let specs = config.layers.isEmpty ? TrainConfig.referenceLayers(classes: classes.count) : config.layers
        let replicas: Replicas
        do {
            replicas = try Replicas(count: config.threads) {
                try Model(specs: specs, inputShape: [1, data.train.height, data.train.width],
                          classCount: classes.count, seed: config.seed)
            }
        } catch let e as ToolError {
            throw ToolError.badInput("\(configFile): $.model.layers: \(e.message)")
        }
        let model = replicas.primary
        let recordNames = config.record.isEmpty ? [model.defaultRecordedLayer] : config.record
        var recorded: [(name: String, index: Int, width: Int)] = []
        var layoutLayers: [ActivationsLayout.Layer] = []
        for (k, name) in recordNames.enumerated() {
            let index: Int
            do { index = try model.recordingIndex(of: name) } catch let e as ToolError {
                throw ToolError.badInput("\(configFile): $.record[\(k)]: \(e.message)")
            }
            let shape = model.layers[index].outputShape
            recorded.append((name, index, shape.reduce(1, *)))
            let kind = model.layers.first { $0.name == name }!.kind
            layoutLayers.append(.init(name: name, kind: kind, shape: shape))
        }
        let optimizer = config.optimizer.make()
        let resolved = config.resolvedJSON(layers: specs, record: recordNames).serialized(sortedKeys: true)
        let configDigest = Digest.sha256(resolved)
        let trainer = EpochTrainer(replicas: replicas, optimizer: optimizer, train: data.train, batchSize: config.batchSize, seed: config.seed)
        let trackedIndices = tracked.sourceIndices

        func evaluate(epoch: Int, metrics train: EpochTrainer.Result?) -> (EpochRecord, [Float]) {
            let e = Evaluation(replicas: replicas, test: data.test, tracked: trackedIndices, recorded: recorded,
                               batchSize: config.evalBatchSize)
            let metrics: [Float] = [Float(train?.loss ?? .nan), Float(train?.accuracy ?? .nan), Float(e.loss),
                                    Float(e.accuracy), Float(train?.seconds ?? 0)]
            let record = EpochRecord(index: Int32(epoch),
                                     metrics: Dictionary(uniqueKeysWithValues: zip(ArtifactFormat.metricNames, metrics)),
                                     probabilities: e.probabilities, activations: e.activations)
            return (record, metrics)
        }
        func saveCheckpoint(epoch: Int, metrics: [Float]) throws {
            let c = Checkpoint(model: model, optimizer: optimizer, epoch: epoch, metrics: metrics, configDigest: configDigest)
            try AtomicOutput.write(c.encoded(), to: checkpointPath)
        }

        let writer: ActivationsWriter
        var completed: Int
        let partial = AtomicOutput.partialPath(for: outputPath)
        if resume, FileManager.default.fileExists(atPath: partial), FileManager.default.fileExists(atPath: checkpointPath) {
            guard let bytes = FileManager.default.contents(atPath: checkpointPath) else {
                throw ToolError.badInput("\(checkpointPath): cannot read the checkpoint")
            }
            let checkpoint = try Checkpoint(data: bytes, file: checkpointPath)
            guard checkpoint.configDigest == configDigest else {
                throw ToolError.badInput("\(checkpointPath) was made with a different config than \(configFile); rerun without --resume to start over")
            }
            try checkpoint.restore(into: model, optimizer: optimizer, file: checkpointPath)
            replicas.broadcastWeights()
            writer = try ActivationsWriter(resuming: outputPath)
            completed = checkpoint.epoch
            guard writer.epochCount <= completed + 1 else {
                throw ToolError.badInput("\(partial) holds \(writer.epochCount) epochs but \(checkpointPath) is at epoch \(completed); rerun without --resume")
            }
            if writer.epochCount == completed {
                // The crash came after the checkpoint but before the record: write it now.
                var (record, _) = evaluate(epoch: completed, metrics: nil)
                for (name, value) in zip(ArtifactFormat.metricNames, checkpoint.metrics) where !name.hasPrefix("test") {
                    record.metrics[name] = value
                }
                try writer.append(record)
            }
            progress.milestone("resuming after epoch \(completed) of \(config.epochs) from \(checkpointPath)")
        } else {
            if resume { progress.milestone("nothing to resume at \(partial); starting from epoch 0") }
            let layout = ActivationsLayout(
                classes: classes, labels: tracked.images.labels, sourceIndex: trackedIndices.map { Int64($0) },
                images: tracked.images.pixels, imageShape: [tracked.images.height, tracked.images.width],
                layers: layoutLayers, producer: producer, config: resolved, seed: Int64(config.seed))
            writer = try ActivationsWriter(path: outputPath, layout: layout)
            let (record, metrics) = evaluate(epoch: 0, metrics: nil)
            try saveCheckpoint(epoch: 0, metrics: metrics)
            try writer.append(record)
            completed = 0
            progress.milestone("epoch 0 (untrained): test accuracy \(percent(Double(metrics[3])))")
        }

        var lastAccuracy = 0.0
        while completed < config.epochs {
            let epoch = completed + 1
            let result: EpochTrainer.Result
            do {
                result = try trainer.run(epoch: epoch) { batch, batches, loss, rate in
                    let eta = Double(batches - batch) * Double(config.batchSize) / max(rate, 1)
                    progress.status("epoch \(epoch)/\(config.epochs)  batch \(batch)/\(batches)  loss \(String(format: "%.4f", loss))  \(Int(rate)) img/s  ETA \(Support.Progress.duration(eta))")
                }
            } catch let e as ToolError {
                try writer.commit()
                throw ToolError.failed("\(e.message). \(outputPath) holds the \(writer.epochCount) epochs recorded before it.")
            }
            let evaluated = Date()
            let (record, metrics) = evaluate(epoch: epoch, metrics: result)
            let written = Date()
            try saveCheckpoint(epoch: epoch, metrics: metrics)
            if interruption == .afterCheckpoint(epoch: epoch) { throw Interrupted() }
            try writer.append(record)
            if interruption == .afterRecord(epoch: epoch) { throw Interrupted() }
            let evaluating = written.timeIntervalSince(evaluated), writing = Date().timeIntervalSince(written)
            completed = epoch
            lastAccuracy = Double(metrics[3])
            progress.milestone("epoch \(epoch)/\(config.epochs): train loss \(String(format: "%.4f", result.loss)), accuracy \(percent(result.accuracy)) | test loss \(String(format: "%.4f", Double(metrics[2]))), accuracy \(percent(lastAccuracy)) | \(String(format: "%.1f", result.seconds)) s, \(Int(Double(data.train.count) / result.seconds)) img/s; test pass and capture \(String(format: "%.2f", evaluating)) s, checkpoint and record \(String(format: "%.2f", writing)) s")
        }
        try writer.commit()
        return lastAccuracy
    }

    private func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
}
