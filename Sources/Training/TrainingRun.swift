import Artifacts
import Datasets
import Foundation
import Network
import Support

/// cnn-train's work: load the data, build the model, record the untrained network (step 0),
/// then train and record a snapshot at every step of the config's `SnapshotSchedule`, writing a
/// checkpoint each time (flushed in the background while training goes on), and finally rename
/// the activations file into place. With
/// `resume`, an interrupted run continues from its last checkpoint, inside an epoch or at its
/// end, and ends with the same file contents (all but `seconds`) as a run that was never
/// interrupted.
public final class TrainingRun {
    public let config: TrainConfig
    public let configFile: String
    public let outputPath: String
    public let checkpointPath: String
    public let progress: Support.Progress
    /// Program name and version written as the file's `producer`.
    public var producer = "cnn-train"

    /// Where a run can be cut short on purpose, to test resuming: after training the batches
    /// that lead to snapshot N but before recording it (a kill inside an epoch), right after
    /// its checkpoint (before its record), or after its record. The run throws `Interrupted`.
    public enum InterruptionPoint: Equatable {
        case beforeRecord(snapshot: Int)
        case afterCheckpoint(snapshot: Int)
        case afterRecord(snapshot: Int)
    }
    public struct Interrupted: Error {}
    /// For tests: stop as a kill at this point would (nothing is cleaned up).
    public var interruption: InterruptionPoint?

    /// What the last run measured: training seconds; seconds spent recording snapshots (the
    /// tracked samples' forward passes between epoch ends, checkpoints and writes); and seconds
    /// of the test-split passes at epoch ends, which a run evaluating its epochs makes anyway
    /// (the tracked samples are captured from them at no extra cost).
    public private(set) var trainingSeconds = 0.0
    public private(set) var recordingSeconds = 0.0
    public private(set) var testPassSeconds = 0.0

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
        let perEpoch = trainer.batchesPerEpoch
        let steps = try config.snapshots.steps(batchesPerEpoch: perEpoch, epochs: config.epochs, file: configFile)
        let recorder = SnapshotRecorder(replicas: replicas, test: data.test, tracked: tracked, recorded: recorded,
                                        batchSize: config.evalBatchSize)

        /// Records snapshot `i`, trained by `training` since the previous one (nil: none, or
        /// unknown after a resume, when `restored` holds its training metrics).
        func record(_ i: Int, training: EpochTrainer.Result?, restored: [Metric: Float] = [:]) -> SnapshotRecord {
            let step = steps[i], epoch = step / perEpoch, within = step % perEpoch
            let seen = epoch * data.train.count + trainer.imagesBefore(batch: within)
            var record = recorder.record(step: step, imagesSeen: seen, trainSize: data.train.count, epochEnd: within == 0)
            if let training {
                record.metrics[.trainLoss] = Float(training.loss)
                record.metrics[.trainAccuracy] = Float(training.accuracy)
                record.metrics[.seconds] = Float(training.seconds)
            } else {
                for m in [Metric.trainLoss, .trainAccuracy, .seconds] { record.metrics[m] = restored[m] ?? (m == .seconds && step == 0 ? 0 : .nan) }
            }
            return record
        }
        // Checkpoints are captured at once and flushed to disk while training goes on; a run
        // killed before one is on disk resumes from the one before (its snapshots are redone).
        let checkpoints = BackgroundOutput()
        defer { try? checkpoints.finish() }
        func saveCheckpoint(_ i: Int, _ record: SnapshotRecord) throws {
            let c = Checkpoint(model: model, optimizer: optimizer, snapshot: i, step: steps[i], metrics: record.metrics, configDigest: configDigest)
            try checkpoints.write(c.encoded(), to: checkpointPath)
        }

        let writer: ActivationsWriter
        var completed: Int
        let partial = AtomicOutput.partialPath(for: outputPath)
        var restored: Checkpoint?
        if resume, FileManager.default.fileExists(atPath: partial), FileManager.default.fileExists(atPath: checkpointPath) {
            guard let bytes = FileManager.default.contents(atPath: checkpointPath) else {
                throw ToolError.badInput("\(checkpointPath): cannot read the checkpoint")
            }
            let checkpoint = try Checkpoint(data: bytes, file: checkpointPath)
            guard checkpoint.configDigest == configDigest else {
                throw ToolError.badInput("\(checkpointPath) was made with a different config than \(configFile); rerun without --resume to start over")
            }
            guard checkpoint.snapshot < steps.count, steps[checkpoint.snapshot] == checkpoint.step else {
                throw ToolError.badInput("\(checkpointPath) is at step \(checkpoint.step), which is not snapshot \(checkpoint.snapshot) of this schedule; rerun without --resume")
            }
            restored = checkpoint
        }
        // A checkpoint at snapshot 0 holds the untrained network, which a fresh start rebuilds
        // exactly; so the partial file is not reopened (a full disk while its first snapshot was
        // written leaves it unreadable) but written anew.
        if let checkpoint = restored, checkpoint.snapshot > 0 {
            try checkpoint.restore(into: model, optimizer: optimizer, file: checkpointPath)
            replicas.broadcastWeights()
            completed = checkpoint.snapshot
            writer = try ActivationsWriter(resuming: outputPath, keeping: completed + 1)
            guard writer.snapshotCount >= completed else {
                throw ToolError.badInput("\(partial) holds \(writer.snapshotCount) complete snapshots but \(checkpointPath) is at snapshot \(completed); rerun without --resume")
            }
            if writer.snapshotCount == completed {
                // The crash came after the checkpoint but before its record was complete: write it now.
                try writer.append(record(completed, training: nil, restored: checkpoint.metrics))
            }
            progress.milestone("resuming after snapshot \(completed + 1) of \(steps.count) (step \(steps[completed])) from \(checkpointPath)")
        } else {
            if resume { progress.milestone(restored == nil ? "nothing to resume at \(partial); starting from step 0" : "\(checkpointPath) is at the untrained network; starting from step 0") }
            let layout = ActivationsLayout(
                classes: classes, labels: tracked.images.labels, sourceIndex: tracked.sourceIndices.map { Int64($0) },
                images: tracked.images.pixels, imageShape: [tracked.images.height, tracked.images.width],
                layers: layoutLayers, producer: producer, config: resolved, seed: Int64(config.seed),
                defaultLayer: recordNames[0], trainSize: Int64(data.train.count), subject: config.dataset.subject)
            writer = try ActivationsWriter(path: outputPath, layout: layout)
            let first = record(0, training: nil)
            try saveCheckpoint(0, first)
            try writer.append(first)
            completed = 0
            progress.milestone("\(steps.count) snapshots planned over \(config.epochs) epochs of \(perEpoch) batches; untrained: tracked accuracy \(percent(first.metrics[.trackedAccuracy])), test accuracy \(percent(first.metrics[.testAccuracy]))")
        }

        trainingSeconds = 0
        recordingSeconds = 0
        testPassSeconds = 0
        var lastAccuracy = Double.nan
        var epochSeconds: [Int: Double] = [:]
        while completed + 1 < steps.count {
            let i = completed + 1
            let from = steps[i - 1], to = steps[i]
            let epoch = from / perEpoch + 1
            let result: EpochTrainer.Result
            do {
                result = try trainer.run(epoch: epoch, batches: (from % perEpoch)..<(to - (epoch - 1) * perEpoch)) { batch, batches, loss, rate in
                    let eta = Double(steps.last! - (epoch - 1) * batches - batch) * Double(config.batchSize) / max(rate, 1)
                    progress.status("epoch \(epoch)/\(config.epochs)  batch \(batch)/\(batches)  loss \(String(format: "%.4f", loss))  \(Int(rate)) img/s  ETA \(Support.Progress.duration(eta))")
                }
            } catch let e as ToolError {
                try writer.commit()
                throw ToolError.failed("\(e.message). \(outputPath) holds the \(writer.snapshotCount) snapshots recorded before it.")
            }
            if interruption == .beforeRecord(snapshot: i) { throw Interrupted() }
            let recordingStarted = Date(), testPassBefore = recorder.testPassSeconds
            let snapshot = record(i, training: result)
            guard snapshot.probabilities.allSatisfy(\.isFinite) else {
                try writer.commit()
                throw ToolError.failed("step \(to): the network's outputs are no longer finite numbers (training diverged); lower optimizer.learning_rate. \(outputPath) holds the \(writer.snapshotCount) snapshots recorded before it.")
            }
            try saveCheckpoint(i, snapshot)
            if interruption == .afterCheckpoint(snapshot: i) { try checkpoints.finish(); throw Interrupted() }
            try writer.append(snapshot)
            if interruption == .afterRecord(snapshot: i) { throw Interrupted() }
            trainingSeconds += result.seconds
            epochSeconds[epoch, default: 0] += result.seconds
            let testPass = recorder.testPassSeconds - testPassBefore
            testPassSeconds += testPass
            recordingSeconds += Date().timeIntervalSince(recordingStarted) - testPass
            completed = i
            var line = String(format: "snapshot %d/%d  step %d  epoch %.2f | train loss %.4f | tracked accuracy %@",
                              i + 1, steps.count, to, snapshot.epoch, result.loss, percent(snapshot.metrics[.trackedAccuracy]))
            if snapshot.epochEnd {
                lastAccuracy = Double(snapshot.metrics[.testAccuracy] ?? .nan)
                line += String(format: ", test accuracy %@ | %d img/s", percent(snapshot.metrics[.testAccuracy]),
                               Int(Double(data.train.count) / max(epochSeconds[epoch] ?? 0, 1e-9)))
            }
            progress.milestone(line)
        }
        try checkpoints.finish()
        try writer.commit()
        if trainingSeconds > 0 {
            progress.milestone(String(format: "recording %d snapshots took %.1f s, %.1f%% of the %.1f s of training; the test passes at epoch ends %.1f s (%.1f%%)",
                                      steps.count, recordingSeconds, 100 * recordingSeconds / trainingSeconds, trainingSeconds,
                                      testPassSeconds, 100 * testPassSeconds / trainingSeconds))
        }
        return lastAccuracy
    }

    private func percent(_ x: Float?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.1f%%", Double(x) * 100)
    }
}
