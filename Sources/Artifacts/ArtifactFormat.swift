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
}
