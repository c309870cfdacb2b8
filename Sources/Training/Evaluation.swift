import Datasets
import Network

/// One pass over the test split in evaluation mode: mean loss and accuracy over all of it,
/// and for the tracked samples (ascending positions in the split) their class probabilities
/// `[N, C]` and the activations `[N, D]` of each recorded layer, captured from the same pass.
struct Evaluation {
    var loss: Double = 0
    var accuracy: Double = 0
    var probabilities: [Float] = []
    var activations: [String: [Float]] = [:]

    /// `recorded`: (name, layer index from `Model.recordingIndex`, width D) per recorded layer.
    init(model: Model, test: LabeledImages, tracked: [Int], recorded: [(name: String, index: Int, width: Int)],
         batchSize: Int) {
        let classes = model.classCount
        probabilities = [Float](repeating: 0, count: tracked.count * classes)
        for r in recorded { activations[r.name] = [Float](repeating: 0, count: tracked.count * r.width) }
        let input = Tensor()
        let criterion = SoftmaxCrossEntropy()
        var next = 0, lossSum = 0.0, correct = 0
        for start in stride(from: 0, to: test.count, by: batchSize) {
            let end = min(start + batchSize, test.count)
            let labels = fillBatch(input, from: test, indices: Array(start..<end)[...])
            let logits = model.forward(input, training: false)
            let (loss, hits) = criterion.forward(logits: logits, labels: labels)
            lossSum += loss * Double(end - start)
            correct += hits
            while next < tracked.count, tracked[next] < end {
                let row = tracked[next] - start
                probabilities.withUnsafeMutableBufferPointer { p in
                    let src = criterion.probabilities.data.baseAddress! + row * classes
                    (p.baseAddress! + next * classes).update(from: src, count: classes)
                }
                for r in recorded {
                    activations[r.name]!.withUnsafeMutableBufferPointer { a in
                        copySample(row, of: model.outputs[r.index], into: a.baseAddress! + next * r.width)
                    }
                }
                next += 1
            }
        }
        loss = lossSum / Double(test.count)
        accuracy = Double(correct) / Double(test.count)
    }
}
