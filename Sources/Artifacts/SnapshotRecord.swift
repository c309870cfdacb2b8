/// One snapshot's record, as a writer appends it: where it sits in training, its metrics
/// (absent ones are stored as NaN), the tracked samples' class probabilities `[N, C]` and, per
/// recorded layer, their activations `[N, D]`, all row-major.
public struct SnapshotRecord {
    public var step: Int64
    public var imagesSeen: Int64
    public var epoch: Double
    public var epochEnd: Bool
    public var metrics: [Metric: Float]
    public var probabilities: [Float]
    public var activations: [String: [Float]]

    public init(step: Int64, imagesSeen: Int64, epoch: Double, epochEnd: Bool, metrics: [Metric: Float],
                probabilities: [Float], activations: [String: [Float]]) {
        self.step = step
        self.imagesSeen = imagesSeen
        self.epoch = epoch
        self.epochEnd = epochEnd
        self.metrics = metrics
        self.probabilities = probabilities
        self.activations = activations
    }

    /// Its place on the time axis.
    public var snapshot: Snapshot {
        Snapshot(step: step, imagesSeen: imagesSeen, epoch: epoch, epochEnd: epochEnd)
    }
}
