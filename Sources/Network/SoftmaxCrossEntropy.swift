import Foundation

/// Softmax followed by the mean cross-entropy over the batch (PyTorch's `F.cross_entropy`):
/// loss = −(1/B) Σ_b log softmax(z_b)[y_b]. Forward also leaves the probabilities `[B, C]`;
/// backward gives dz = (softmax(z) − onehot(y)) / B.
public final class SoftmaxCrossEntropy {
    public private(set) var probabilities = Tensor()
    private let logitGradient = Tensor()
    private var labels = [Int32]()

    public init() {}

    /// Returns the mean loss and the number of samples whose arg-max matches the label.
    /// Computed in a numerically stable way (subtracting each row's maximum).
    @discardableResult
    public func forward(logits: Tensor, labels: [Int32]) -> (loss: Double, correct: Int) {
        let batch = logits.shape[0], classes = logits.shape[1]
        self.labels = labels
        probabilities.resize([batch, classes])
        let z = logits.data.baseAddress!, p = probabilities.data.baseAddress!
        var loss: Double = 0
        var correct = 0
        for b in 0..<batch {
            let row = z + b * classes, out = p + b * classes
            var top = row[0], arg = 0
            for c in 1..<classes where row[c] > top { top = row[c]; arg = c }
            var sum: Float = 0
            for c in 0..<classes { out[c] = expf(row[c] - top); sum += out[c] }
            for c in 0..<classes { out[c] /= sum }
            let y = Int(labels[b])
            loss += Double(log(sum) - (row[y] - top))
            if arg == y { correct += 1 }
        }
        return (loss / Double(batch), correct)
    }

    /// `totalBatch`: the size of the whole batch this part belongs to when a batch is split
    /// across workers (the loss is the mean over the whole batch); nil for this batch alone.
    public func backward(totalBatch: Int? = nil) -> Tensor {
        let batch = probabilities.shape[0], classes = probabilities.shape[1]
        logitGradient.resize([batch, classes])
        let p = probabilities.data.baseAddress!, d = logitGradient.data.baseAddress!
        let scale = 1 / Float(totalBatch ?? batch)
        for b in 0..<batch {
            for c in 0..<classes { d[b * classes + c] = p[b * classes + c] * scale }
            d[b * classes + Int(labels[b])] -= scale
        }
        return logitGradient
    }
}
