import Foundation
import Support
import Training

/// A temporary folder with a small train config on the generated sketch set: `shapes` kinds,
/// 120 training and 30 test pictures each, a small CNN, 16 tracked samples.
struct TrainingFixture {
    let directory: String

    init() {
        directory = NSTemporaryDirectory() + "cnn-train-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory + "/" + name }
    func cleanup() { try? FileManager.default.removeItem(atPath: directory) }

    static let smallModel = """
    {"layers": [
      {"type": "conv2d", "name": "conv1", "out_channels": 6, "kernel": 3, "padding": 1},
      {"type": "relu"}, {"type": "maxpool", "size": 2},
      {"type": "conv2d", "name": "conv2", "out_channels": 8, "kernel": 3, "padding": 1},
      {"type": "relu"}, {"type": "maxpool", "size": 2},
      {"type": "flatten"}, {"type": "dense", "name": "fc1", "units": 24}, {"type": "relu"},
      {"type": "dense", "name": "fc2", "units": 4}
    ]}
    """

    /// The small CNN with dropout after fc1, so resuming must also redraw the same masks.
    static let dropoutModel = smallModel.replacingOccurrences(of: #"{"type": "relu"},\#n  {"type": "dense", "name": "fc2""#,
                                                              with: #"{"type": "relu"}, {"type": "dropout", "p": 0.3},\#n  {"type": "dense", "name": "fc2""#)

    /// Writes a config and returns its path. `extra` is spliced into the top-level object.
    func config(epochs: Int = 2, optimizer: String = #"{"kind": "adam", "learning_rate": 0.003}"#,
                extra: String = "", model: String = smallModel, name: String = "train.json") -> String {
        let text = """
        {
          "dataset": {"kind": "sketches", "shapes": ["circle", "square", "triangle", "cross"],
                      "train_per_class": 120, "test_per_class": 30, "seed": 3},
          "model": \(model),
          "optimizer": \(optimizer),
          "epochs": \(epochs), "batch_size": 16, "seed": 7, "threads": 2,
          "tracked_samples": 16, "record": ["fc1"]\(extra)
        }
        """
        let file = path(name)
        try? text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Loads `configFile` and trains into `out` quietly.
    @discardableResult
    func train(_ configFile: String, out: String, resume: Bool = false,
               interruption: TrainingRun.InterruptionPoint? = nil) throws -> Double {
        let run = TrainingRun(config: try TrainConfig.load(configFile), configFile: configFile, outputPath: out,
                              progress: Progress(quiet: true, terminal: false))
        run.interruption = interruption
        return try run.run(resume: resume)
    }
}
