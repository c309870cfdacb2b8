import Datasets
import Foundation
import Network
import Support

/// Trains mini-batches of an epoch over a seeded permutation of the training split, each batch
/// split into contiguous slices across the model replicas (one thread each). The permutation is
/// seeded from (seed, epoch) and the dropout masks from (seed, global step, layer, worker), so a
/// run resumed at any snapshot, inside an epoch or at its end, draws exactly what an
/// uninterrupted run would have drawn.
final class EpochTrainer {
    let replicas: Replicas
    let optimizer: Optimizer
    let train: LabeledImages
    let batchSize: Int
    let seed: UInt64
    private let inputs: [Tensor]
    private let criteria: [SoftmaxCrossEntropy]
    private var order: (epoch: Int, indices: [Int])?

    init(replicas: Replicas, optimizer: Optimizer, train: LabeledImages, batchSize: Int, seed: UInt64) {
        self.replicas = replicas
        self.optimizer = optimizer
        self.train = train
        self.batchSize = batchSize
        self.seed = seed
        inputs = replicas.models.map { _ in Tensor() }
        criteria = replicas.models.map { _ in SoftmaxCrossEntropy() }
    }

    /// Mini-batches in one epoch.
    var batchesPerEpoch: Int { (train.count + batchSize - 1) / batchSize }

    /// What a range of batches did: summed loss and right answers over `seen` images.
    struct Result {
        var lossSum = 0.0
        var correct = 0
        var seen = 0
        var seconds = 0.0
        var loss: Double { seen == 0 ? .nan : lossSum / Double(seen) }
        var accuracy: Double { seen == 0 ? .nan : Double(correct) / Double(seen) }
    }

    /// The images in batches `0..<batch` of any epoch.
    func imagesBefore(batch: Int) -> Int { min(batch * batchSize, train.count) }

    /// Runs batches `batches` (0-based, within `0..<batchesPerEpoch`) of epoch `epoch`
    /// (1-based). `report(batch, batches per epoch, running loss, images/s)` is called after
    /// every batch. Throws when the loss stops being finite.
    func run(epoch: Int, batches: Range<Int>, report: (Int, Int, Double, Double) -> Void) throws -> Result {
        if order?.epoch != epoch {
            var indices = Array(0..<train.count)
            var random = SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
            random.shuffle(&indices)
            order = (epoch, indices)
        }
        let order = self.order!.indices
        let workers = replicas.models.count
        let perEpoch = batchesPerEpoch
        let started = Date()
        var result = Result()
        var losses = [Double](repeating: 0, count: workers), hits = [Int](repeating: 0, count: workers)
        for b in batches {
            let step = UInt64((epoch - 1) * perEpoch + b)
            for (w, model) in replicas.models.enumerated() {
                for (k, layer) in model.layers.enumerated() {
                    (layer as? Dropout)?.random = SeededRandom(seed: seed &+ step &* 1_000_003 &+ UInt64(k) &* 7919 &+ UInt64(w))
                }
            }
            let batch = order[b * batchSize..<min((b + 1) * batchSize, train.count)]
            let total = batch.count
            // Each worker writes only its own slot, through the raw pointers.
            losses.withUnsafeMutableBufferPointer { losses in
                hits.withUnsafeMutableBufferPointer { hits in
                    replicas.parallel { w in
                        let lo = batch.startIndex + total * w / workers, hi = batch.startIndex + total * (w + 1) / workers
                        guard lo < hi else { losses[w] = 0; hits[w] = 0; return }
                        let model = replicas.models[w]
                        let labels = fillBatch(inputs[w], from: train, indices: batch[lo..<hi])
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
                throw ToolError.failed("epoch \(epoch), batch \(b + 1) of \(perEpoch): the loss became \(batchLoss / Double(total)) (training diverged); lower optimizer.learning_rate")
            }
            replicas.step(optimizer)
            result.lossSum += batchLoss
            result.correct += hits.reduce(0, +)
            result.seen += total
            report(b + 1, perEpoch, result.loss, Double(result.seen) / max(Date().timeIntervalSince(started), 1e-9))
        }
        result.seconds = Date().timeIntervalSince(started)
        return result
    }
}
