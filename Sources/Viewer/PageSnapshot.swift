import Artifacts

/// One point on the page's time axis: when a snapshot was taken, for the slider's labels and its
/// epoch marks. Taken from the activations file's time axis (contract: docs/artifacts.md).
public struct PageSnapshot: Sendable, Equatable {
    /// Training images seen before the snapshot; nil when the file does not say (version 1).
    public var imagesSeen: Int64?
    /// Fractional epoch, e.g. 0.25; for version 1 files the epoch number.
    public var epoch: Double
    /// Closes an epoch (or is the untrained network): marked on the slider.
    public var epochEnd: Bool

    public init(imagesSeen: Int64?, epoch: Double, epochEnd: Bool) {
        self.imagesSeen = imagesSeen; self.epoch = epoch; self.epochEnd = epochEnd
    }

    /// The time axis of an activations file, one entry per recorded snapshot.
    public static func timeAxis(of file: ActivationsFile) -> [PageSnapshot] {
        file.epochs.map { PageSnapshot(imagesSeen: nil, epoch: Double($0), epochEnd: true) }
    }
}
