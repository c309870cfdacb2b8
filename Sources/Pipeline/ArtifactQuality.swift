import Artifacts

/// Quality figures for the manifest, read from stage outputs that follow the artifact
/// contract (docs/artifacts.md): from an activations file, the last recorded epoch's
/// `test_accuracy`, `test_loss`, `train_accuracy` and `train_loss`; from an embedding file,
/// each `/quality/<name>` at the last epoch. Other outputs (the video) and files that
/// cannot be read as artifacts give no figures. Values are float32 in the files and are kept
/// at their shortest float32 decimal form (0.492, not 0.492000013589859).
public enum ArtifactQuality {
    public static let metricNames = ["test_accuracy", "test_loss", "train_accuracy", "train_loss"]

    public static func read(_ stage: Stage) -> [String: Double] {
        var figures = [String: Double]()
        for out in stage.outputs where out.hasSuffix(".h5") {
            if let file = try? ActivationsFile(path: out) {
                for name in metricNames {
                    if let last = (try? file.metric(name))??.last, last.isFinite { figures[name] = Double("\(last)") ?? Double(last) }
                }
            } else if let file = try? EmbeddingFile(path: out) {
                for name in ArtifactFormat.qualityNames {
                    if let last = (try? file.quality(name))??.last, last.isFinite { figures[name] = Double("\(last)") ?? Double(last) }
                }
            }
        }
        return figures
    }
}
