import Datasets
import Network

/// One pass over the test split in evaluation mode: mean loss and accuracy over all of it,
/// and for the tracked samples (ascending positions in the split) their class probabilities
/// `[N, C]` and the activations `[N, D]` of each recorded layer, captured from the same pass.
/// Batches are dealt round-robin to the replicas, each on its own thread; every tracked sample
/// is written by exactly one of them, so the result does not depend on scheduling.
struct Evaluation {
    var loss: Double = 0
    var accuracy: Double = 0
    var probabilities: [Float] = []
    var activations: [String: [Float]] = [:]

    /// `recorded`: (name, layer index from `Model.recordingIndex`, width D) per recorded layer.
    init(replicas: Replicas, test: LabeledImages, tracked: [Int], recorded: [(name: String, index: Int, width: Int)],
         batchSize: Int) {
        let classes = replicas.primary.classCount
        let workers = replicas.models.count
        // Raw buffers: the workers write disjoint parts of them concurrently.
        func buffer<T: Numeric>(_ count: Int) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            b.initialize(repeating: 0)
            return b
        }
        let probabilityBuffer: UnsafeMutableBufferPointer<Float> = buffer(tracked.count * classes)
        let activationBuffers: [UnsafeMutableBufferPointer<Float>] = recorded.map { buffer(tracked.count * $0.width) }
        let losses: UnsafeMutableBufferPointer<Double> = buffer(workers)
        let hits: UnsafeMutableBufferPointer<Int> = buffer(workers)
        defer { ([probabilityBuffer] + activationBuffers).forEach { $0.deallocate() }; losses.deallocate(); hits.deallocate() }
        let probabilityBase = probabilityBuffer.baseAddress!
        let activationBases = activationBuffers.map { $0.baseAddress! }
        let batches = (test.count + batchSize - 1) / batchSize
        // The recorded layers' own outputs: a recorded ReLU before a max-pool is not moved after the pool.
        let kept = Set(recorded.map(\.index))
        replicas.parallel { w in
            let model = replicas.models[w]
            let input = Tensor(), criterion = SoftmaxCrossEntropy()
            var lossSum = 0.0, correct = 0
            for b in stride(from: w, to: batches, by: workers) {
                let start = b * batchSize, end = min(start + batchSize, test.count)
                let labels = fillBatch(input, from: test, indices: Array(start..<end)[...])
                let (loss, right) = criterion.forward(logits: model.forward(input, training: false, keeping: kept), labels: labels)
                lossSum += loss * Double(end - start)
                correct += right
                var next = firstIndex(in: tracked, atLeast: start)
                while next < tracked.count, tracked[next] < end {
                    let row = tracked[next] - start
                    (probabilityBase + next * classes).update(from: criterion.probabilities.data.baseAddress! + row * classes, count: classes)
                    for (k, r) in recorded.enumerated() {
                        copyRow(row, of: model.outputs[r.index], into: activationBases[k] + next * r.width)
                    }
                    next += 1
                }
            }
            losses[w] = lossSum
            hits[w] = correct
        }
        probabilities = Array(probabilityBuffer.prefix(tracked.count * classes))
        for (k, r) in recorded.enumerated() { activations[r.name] = Array(activationBuffers[k].prefix(tracked.count * r.width)) }
        loss = losses.reduce(0, +) / Double(test.count)
        accuracy = Double(hits.reduce(0, +)) / Double(test.count)
    }
}

/// The first position in the ascending `values` whose value is ≥ `bound` (binary search).
func firstIndex(in values: [Int], atLeast bound: Int) -> Int {
    var lo = 0, hi = values.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if values[mid] < bound { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
