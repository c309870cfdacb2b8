import ArgumentParser
import Support
import Training

@main
struct CNNTrain: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "cnn-train",
        abstract: "Train a convolutional network and record, at snapshots during training, what it sees.",
        discussion: """
        Reads a train config (JSON: data set, layers, optimizer, epochs, tracked samples, recorded \
        layers; see configs/train/) and writes an activations file (docs/artifacts.md): for a fixed, \
        class-balanced set of test images, the activations of the recorded layers, the class \
        probabilities, and loss and accuracy — for the untrained network (step 0) and at the \
        snapshots of the config's schedule ("snapshots": log-spaced steps through the first epoch, \
        then every quarter epoch, by default; see docs/training.md). The file is written under a \
        hidden partial name and renamed when done; a checkpoint is saved at every snapshot so an \
        interrupted run can continue with --resume, inside an epoch or at its end.

        Example:
          cnn-train --config configs/train/fashion-mnist-reference.json --out runs/reference/activations.h5
        """,
        version: version)

    @Option(name: .long, help: ArgumentHelp("The train config (JSON).", valueName: "file"))
    var config: String

    @Option(name: .long, help: ArgumentHelp("Where to write the activations file (.h5).", valueName: "file"))
    var out: String

    @Flag(name: .long, help: "Continue an interrupted run from its last checkpoint (starts afresh when there is none).")
    var resume = false

    @Option(name: .long, help: ArgumentHelp("Checkpoint file (default: beside --out, NAME.checkpoint).", valueName: "file"))
    var checkpoint: String?

    @Option(name: .long, help: ArgumentHelp("Override the config's thread count (OpenBLAS threads).", valueName: "n"))
    var threads: Int?

    @Flag(name: .long, help: "Print only one line per snapshot, even on a terminal.")
    var quiet = false

    mutating func run() throws {
        let (config, out, resume, checkpoint, threads, quiet) = (self.config, self.out, self.resume, self.checkpoint, self.threads, self.quiet)
        runReportingErrors(program: "cnn-train") {
            var settings = try TrainConfig.load(config)
            if let threads {
                guard threads >= 1 else { throw ToolError.badInput("--threads: expected an integer >= 1, got \(threads)") }
                settings.threads = threads
            }
            let run = TrainingRun(config: settings, configFile: config, outputPath: out, checkpointPath: checkpoint,
                                  progress: Progress(quiet: quiet))
            run.producer = "cnn-train \(CNNTrain.version)"
            try run.run(resume: resume)
        }
    }
}
