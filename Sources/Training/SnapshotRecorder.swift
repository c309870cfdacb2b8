import Artifacts
import Foundation
import Datasets
import Network

/// Takes a snapshot of the network: the tracked samples' class probabilities `[N, C]` and
/// recorded activations `[N, D]`, their mean cross-entropy and accuracy, and at epoch ends the
/// whole test split's loss and accuracy. Between epoch ends only the N tracked samples go
/// through the network (inference mode, batches of `batchSize`), which keeps recording cheap;
/// at epoch ends they are captured from the same pass as the test split.
final class SnapshotRecorder {
    let replicas: Replicas
    let test: LabeledImages
    let tracked: TrackedSamples
    let recorded: [(name: String, index: Int, width: Int)]
    let batchSize: Int
    /// Seconds spent in passes over the whole test split (epoch ends): the evaluation a
    /// training run makes anyway, which the snapshots' tracked samples ride along with.
    private(set) var testPassSeconds = 0.0

    init(replicas: Replicas, test: LabeledImages, tracked: TrackedSamples, recorded: [(name: String, index: Int, width: Int)],
         batchSize: Int) {
        self.replicas = replicas; self.test = test; self.tracked = tracked; self.recorded = recorded; self.batchSize = batchSize
    }

    /// The record of the network as it is now, with its tracked and (at epoch ends) test metrics.
    func record(step: Int, imagesSeen: Int, trainSize: Int, epochEnd: Bool) -> SnapshotRecord {
        var metrics: [Metric: Float] = [:]
        let pass: Evaluation
        if epochEnd {
            let started = Date()
            pass = Evaluation(replicas: replicas, test: test, tracked: tracked.sourceIndices, recorded: recorded, batchSize: batchSize)
            testPassSeconds += Date().timeIntervalSince(started)
            metrics[.testLoss] = Float(pass.loss)
            metrics[.testAccuracy] = Float(pass.accuracy)
        } else {
            pass = Evaluation(replicas: replicas, test: tracked.images, tracked: Array(0..<tracked.images.count),
                              recorded: recorded, batchSize: batchSize)
        }
        let (loss, accuracy) = Self.lossAndAccuracy(pass.probabilities, labels: tracked.images.labels)
        metrics[.trackedLoss] = Float(loss)
        metrics[.trackedAccuracy] = Float(accuracy)
        return SnapshotRecord(step: Int64(step), imagesSeen: Int64(imagesSeen), epoch: Double(imagesSeen) / Double(trainSize),
                              epochEnd: epochEnd, metrics: metrics, probabilities: pass.probabilities, activations: pass.activations)
    }

    /// Mean cross-entropy `−log p[label]` (p floored at 1e-12) and the fraction of rows whose
    /// largest probability is the label's, over row-major `[N, C]` probabilities.
    static func lossAndAccuracy(_ probabilities: [Float], labels: [Int32]) -> (Double, Double) {
        let n = labels.count
        guard n > 0 else { return (.nan, .nan) }
        let c = probabilities.count / n
        var loss = 0.0, right = 0
        for i in 0..<n {
            let row = i * c, label = Int(labels[i])
            loss -= log(Double(max(probabilities[row + label], 1e-12)))
            var best = 0
            for j in 1..<max(c, 1) where probabilities[row + j] > probabilities[row + best] { best = j }
            if best == label { right += 1 }
        }
        return (loss / Double(n), Double(right) / Double(n))
    }
}
