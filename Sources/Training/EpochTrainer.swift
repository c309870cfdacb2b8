import Datasets
import Foundation
import Network
import Support

/// Trains a model for one epoch of mini-batches over a seeded permutation of the training
/// split. The permutation and the dropout masks are seeded from (seed, epoch), so an epoch
/// run after a resume draws exactly what it would have drawn in an uninterrupted run.
final class EpochTrainer {
    let model: Model
    let optimizer: Optimizer
    let train: LabeledImages
    let batchSize: Int
    let seed: UInt64
    private let input = Tensor()
    private let criterion = SoftmaxCrossEntropy()

    init(model: Model, optimizer: Optimizer, train: LabeledImages, batchSize: Int, seed: UInt64) {
        self.model = model
        self.optimizer = optimizer
        self.train = train
        self.batchSize = batchSize
        self.seed = seed
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
        for (k, layer) in model.layers.enumerated() {
            (layer as? Dropout)?.random = SeededRandom(seed: seed &+ UInt64(epoch) &* 1_000_003 &+ UInt64(k))
        }
        let batches = (train.count + batchSize - 1) / batchSize
        let started = Date()
        var lossSum = 0.0, correct = 0, seen = 0
        for b in 0..<batches {
            let indices = order[b * batchSize..<min((b + 1) * batchSize, train.count)]
            let labels = fillBatch(input, from: train, indices: indices)
            model.zeroGradients()
            let logits = model.forward(input, training: true)
            let (loss, hits) = criterion.forward(logits: logits, labels: labels)
            guard loss.isFinite else {
                throw ToolError.failed("epoch \(epoch), batch \(b + 1) of \(batches): the loss became \(loss) (training diverged); lower optimizer.learning_rate")
            }
            model.backward(criterion.backward())
            optimizer.step(model.parameters)
            lossSum += loss * Double(indices.count)
            correct += hits
            seen += indices.count
            report(b + 1, batches, lossSum / Double(seen), Double(seen) / max(Date().timeIntervalSince(started), 1e-9))
        }
        return Result(loss: lossSum / Double(seen), accuracy: Double(correct) / Double(seen),
                      seconds: Date().timeIntervalSince(started))
    }
}
