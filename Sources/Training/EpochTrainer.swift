import Datasets
import Foundation
import Network
import Support

/// Trains for one epoch of mini-batches over a seeded permutation of the training split, each
/// batch split into contiguous slices across the model replicas (one thread each). The
/// permutation and dropout masks are seeded from (seed, epoch, worker), so an epoch run after
/// a resume draws exactly what it would have drawn in an uninterrupted run.
final class EpochTrainer {
    let replicas: Replicas
    let optimizer: Optimizer
    let train: LabeledImages
    let batchSize: Int
    let seed: UInt64
    private let inputs: [Tensor]
    private let criteria: [SoftmaxCrossEntropy]

    init(replicas: Replicas, optimizer: Optimizer, train: LabeledImages, batchSize: Int, seed: UInt64) {
        self.replicas = replicas
        self.optimizer = optimizer
        self.train = train
        self.batchSize = batchSize
        self.seed = seed
        inputs = replicas.models.map { _ in Tensor() }
        criteria = replicas.models.map { _ in SoftmaxCrossEntropy() }
    }

    struct Result {
        var loss: Double
        var accuracy: Double
        var seconds: Double
    }

    /// Runs epoch `epoch` (1-based). `report(batch, batches, running loss, images/s)` is called
    /// after every batch. Throws when the loss stops being finite.
    func run(epoch: Int, report: (Int, Int, Double, Double) -> Void) throws -> Result {
        var order = Array(0..<train.count)
        var random = SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
        random.shuffle(&order)
        for (w, model) in replicas.models.enumerated() {
            for (k, layer) in model.layers.enumerated() {
                (layer as? Dropout)?.random = SeededRandom(seed: seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(k) &* 7919 &+ UInt64(w))
            }
        }
        let workers = replicas.models.count
        let batches = (train.count + batchSize - 1) / batchSize
        let started = Date()
        var lossSum = 0.0, correct = 0, seen = 0
        var losses = [Double](repeating: 0, count: workers), hits = [Int](repeating: 0, count: workers)
        // Each worker writes only its own slot, through the raw pointers.
        for b in 0..<batches {
            let batch = order[b * batchSize..<min((b + 1) * batchSize, train.count)]
            let total = batch.count
            losses.withUnsafeMutableBufferPointer { losses in
                hits.withUnsafeMutableBufferPointer { hits in
                    replicas.parallel { w in
                        let lo = batch.startIndex + total * w / workers, hi = batch.startIndex + total * (w + 1) / workers
                        guard lo < hi else { losses[w] = 0; hits[w] = 0; return }
                        let model = replicas.models[w]
                        let labels = fillBatch(inputs[w], from: train, indices: batch[lo..<hi])
                        model.zeroGradients()
                        let logits = model.forward(inputs[w], training: true)
                        let (loss, correct) = criteria[w].forward(logits: logits, labels: labels)
                        losses[w] = loss * Double(hi - lo)
                        hits[w] = correct
                        model.backward(criteria[w].backward(totalBatch: total))
                    }
                }
            }
            let batchLoss = losses.reduce(0, +)
            guard batchLoss.isFinite else {
                throw ToolError.failed("epoch \(epoch), batch \(b + 1) of \(batches): the loss became \(batchLoss / Double(total)) (training diverged); lower optimizer.learning_rate")
            }
            replicas.reduceGradients()
            optimizer.step(replicas.primary.parameters)
            replicas.broadcastWeights()
            lossSum += batchLoss
            correct += hits.reduce(0, +)
            seen += total
            report(b + 1, batches, lossSum / Double(seen), Double(seen) / max(Date().timeIntervalSince(started), 1e-9))
        }
        return Result(loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                      seconds: Date().timeIntervalSince(started))
    }
}
