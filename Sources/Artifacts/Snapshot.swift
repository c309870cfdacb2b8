/// One record on the time axis of the artifact files: the network after `step` optimizer
/// steps (docs/artifacts.md, "Snapshots").
public struct Snapshot: Equatable, Sendable {
    /// Optimizer steps taken before the snapshot; 0 is the untrained network. nil when the
    /// file does not say (version 1 files, whose records are epoch ends).
    public var step: Int64?
    /// Training images seen before the snapshot (the sum of the batch sizes); nil when unknown.
    public var imagesSeen: Int64?
    /// Fractional epoch, `imagesSeen / trainSize` (e.g. 0.25); for version 1 files the epoch.
    public var epoch: Double
    /// Whether it closes an epoch (or is the untrained snapshot, "epoch 0"): the snapshots
    /// that carry whole-test-split metrics.
    public var epochEnd: Bool

    public init(step: Int64?, imagesSeen: Int64?, epoch: Double, epochEnd: Bool) {
        self.step = step
        self.imagesSeen = imagesSeen
        self.epoch = epoch
        self.epochEnd = epochEnd
    }

    /// Dataset paths of the snapshot columns in both files. `step` is written last by
    /// writers: its length is the number of complete snapshots.
    static let stepPath = "/snapshots/step"
    static let imagesSeenPath = "/snapshots/images_seen"
    static let epochPath = "/snapshots/epoch"
    static let epochEndPath = "/snapshots/epoch_end"
    /// Version 1's time axis: epoch numbers, int32 `[E]`.
    static let version1EpochsPath = "/epochs/index"
}
