import Artifacts

/// Quality figures for the manifest, read from stage outputs that follow the artifact
/// contract (docs/artifacts.md): from an activations file, the last recorded snapshot's
/// metrics of `metrics`; from an embedding file, every quality figure at the last snapshot. Other outputs (the video) and files that
/// cannot be read as artifacts give no figures. Values are float32 in the files and are kept
/// at their shortest float32 decimal form (0.492, not 0.492000013589859).
public enum ArtifactQuality {
    public static let metrics: [Metric] = [.testAccuracy, .testLoss, .trackedAccuracy, .trainAccuracy, .trainLoss]

    public static func read(_ stage: Stage) -> [String: Double] {
        var figures = [String: Double]()
        for out in stage.outputs where out.hasSuffix(".h5") {
            if let file = try? ActivationsFile(path: out) {
                for metric in metrics {
                    if let last = (try? file.metric(metric))?.last, last.isFinite { figures[metric.rawValue] = Double("\(last)") ?? Double(last) }
                }
            } else if let file = try? EmbeddingFile(path: out) {
                for figure in QualityFigure.allCases {
                    if let last = (try? file.quality(figure))??.last, last.isFinite { figures[figure.rawValue] = Double("\(last)") ?? Double(last) }
                }
            }
        }
        return figures
    }
}
