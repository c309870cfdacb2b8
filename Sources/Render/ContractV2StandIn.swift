// Stand-in for the format_version 2 reading API that is landing in `Artifacts` (docs/artifacts.md):
// the same names and fields, so Render compiles against it now. Deleted when main's `Artifacts`
// declares these types.

/// One record on the time axis.
public struct Snapshot: Equatable, Sendable {
    /// Optimizer steps before it; nil when unknown (version 1 files).
    public var step: Int64?
    /// Training images seen before it; nil when unknown.
    public var imagesSeen: Int64?
    /// Fractional epoch (images_seen / train_size); version 1: the epoch number.
    public var epoch: Double
    /// Closes an epoch (or is step 0); only these carry test_* metrics.
    public var epochEnd: Bool
    public init(step: Int64?, imagesSeen: Int64?, epoch: Double, epochEnd: Bool) {
        self.step = step; self.imagesSeen = imagesSeen; self.epoch = epoch; self.epochEnd = epochEnd
    }
}

/// The recorded metrics, by their dataset names.
public enum Metric: String, CaseIterable, Sendable {
    case trainLoss = "train_loss", trainAccuracy = "train_accuracy", trackedLoss = "tracked_loss",
         trackedAccuracy = "tracked_accuracy", testLoss = "test_loss", testAccuracy = "test_accuracy", seconds
}
