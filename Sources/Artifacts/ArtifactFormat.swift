import HDF5
import Support

/// Names and versions of the two files of the artifact contract (docs/artifacts.md). Every
/// dataset name the programs share is declared here once.
public enum ArtifactFormat {
    /// `format` attribute of an activations file.
    public static let activations = "cnn-timelapse.activations"
    /// `format` attribute of an embedding file.
    public static let embedding = "cnn-timelapse.embedding"
    /// The contract version this build writes, and the newest it reads. Version 3 added the
    /// activations file's `subject` (what one class is); version 2 made snapshots (records after
    /// a number of optimizer steps) the time axis; version 1 had one record per epoch. All read.
    public static let version: Int64 = 3

    /// Throws unless the file's root `format` attribute is `expected` and its `format_version`
    /// is one this build reads; returns that version. `kind` names the file in the message
    /// ("an activations file").
    static func check(_ file: HDF5File, is expected: String, kind: String) throws -> Int64 {
        let format = try file.stringAttribute("format")
        guard format == expected else {
            throw ToolError.badInput("\(file.path): not \(kind) (root attribute 'format' is \(format.map { "\"\($0)\"" } ?? "missing"), expected \"\(expected)\")")
        }
        let version = try file.numericAttribute("format_version", as: Int64.self)?.first ?? 0
        guard (1...ArtifactFormat.version).contains(version) else {
            throw ToolError.badInput("\(file.path): format_version \(version) is not supported (this build reads 1...\(ArtifactFormat.version))")
        }
        return version
    }
}

/// The per-snapshot metrics of an activations file, each float32 `[S]` at `/metrics/<name>`;
/// NaN where not defined (docs/artifacts.md).
public enum Metric: String, CaseIterable, Sendable {
    /// Mean training loss over the batches since the previous snapshot.
    case trainLoss = "train_loss"
    /// Fraction of those batches' images classified right.
    case trainAccuracy = "train_accuracy"
    /// Mean cross-entropy of the tracked samples at the snapshot.
    case trackedLoss = "tracked_loss"
    /// Fraction of the tracked samples classified right at the snapshot.
    case trackedAccuracy = "tracked_accuracy"
    /// Mean loss over the whole test split; only at epoch ends.
    case testLoss = "test_loss"
    /// Accuracy over the whole test split; only at epoch ends.
    case testAccuracy = "test_accuracy"
    /// Training seconds since the previous snapshot, recording excluded.
    case seconds

    /// The dataset path in an activations file.
    public var path: String { "/metrics/\(rawValue)" }
}

/// The per-snapshot quality figures of an embedding file, each float32 `[S]` at
/// `/quality/<name>` (definitions in docs/artifacts.md, all with k = 10).
public enum QualityFigure: String, CaseIterable, Sendable {
    case trustworthiness
    case knnPreservation = "knn_preservation"
    case neighborhoodHit = "neighborhood_hit"
    case movement

    /// The dataset path in an embedding file.
    public var path: String { "/quality/\(rawValue)" }
}
