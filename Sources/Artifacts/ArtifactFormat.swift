import HDF5
import Support

/// Names and versions of the two files of the artifact contract (docs/artifacts.md).
public enum ArtifactFormat {
    /// `format` attribute of an activations file.
    public static let activations = "cnn-timelapse.activations"
    /// `format` attribute of an embedding file.
    public static let embedding = "cnn-timelapse.embedding"
    /// The contract version this build writes, and the newest it reads.
    public static let version: Int64 = 1
    /// The metrics every activations file records, each float32 `[E]`.
    public static let metricNames = ["train_loss", "train_accuracy", "test_loss", "test_accuracy", "seconds"]
    /// The quality figures every embedding file records, each float32 `[E]`.
    public static let qualityNames = ["trustworthiness", "knn_preservation", "neighborhood_hit", "movement"]

    /// Throws unless the file's root `format` attribute is `expected` and its `format_version`
    /// is one this build reads; `kind` names the file in the message ("an activations file").
    static func check(_ file: HDF5File, is expected: String, kind: String) throws {
        let format = try file.stringAttribute("format")
        guard format == expected else {
            throw ToolError.badInput("\(file.path): not \(kind) (root attribute 'format' is \(format.map { "\"\($0)\"" } ?? "missing"), expected \"\(expected)\")")
        }
        let version = try file.numericAttribute("format_version", as: Int64.self)?.first ?? 0
        guard (1...ArtifactFormat.version).contains(version) else {
            throw ToolError.badInput("\(file.path): format_version \(version) is not supported (this build reads 1...\(ArtifactFormat.version))")
        }
    }
}
