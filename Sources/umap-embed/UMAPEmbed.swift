import ArgumentParser
import Artifacts
import Embedding
import Support

@main
struct UMAPEmbed: ParsableCommand {
    static let version = "0.2.0"

    static let configuration = CommandConfiguration(
        commandName: "umap-embed",
        abstract: "Reduce each snapshot's activations to 2-D with UMAP, aligned across snapshots.",
        discussion: """
        Reads one layer of an activations file (from cnn-train or any writer that follows \
        docs/artifacts.md), embeds every snapshot with UMAP (umap-learn's options, see configs/embed/) \
        and writes an embedding file: 2-D coordinates per snapshot, aligned so the picture does not \
        jump between snapshots, with per-snapshot quality figures (trustworthiness, kNN preservation, \
        neighbourhood hit, movement), which are also printed. The output is written under a hidden \
        partial name and renamed when complete.

        Example:
          umap-embed --config configs/embed/aligned.json --activations runs/reference/activations.h5 \\
                     --out runs/reference/embedding.h5          # the file's default layer (fc1)
        """,
        version: version)

    @Option(name: .long, help: ArgumentHelp("The embed config (JSON).", valueName: "file"))
    var config: String

    @Option(name: .long, help: ArgumentHelp("The activations file to read.", valueName: "file"))
    var activations: String

    @Option(name: .long, help: ArgumentHelp("The recorded layer to embed, e.g. fc1 (default: the layer the file names as its default_layer, or its only layer).", valueName: "name"))
    var layer: String?

    @Option(name: .long, help: ArgumentHelp("Where to write the embedding file (.h5).", valueName: "file"))
    var out: String

    @Option(name: .long, help: ArgumentHelp("Override the config's thread count.", valueName: "n"))
    var threads: Int?

    @Flag(name: .long, help: "Print only one line per snapshot, even on a terminal.")
    var quiet = false

    mutating func run() throws {
        let (config, activations, layer, out, threads, quiet) = (self.config, self.activations, self.layer, self.out, self.threads, self.quiet)
        runReportingErrors(program: "umap-embed") {
            var settings = try EmbedConfig.load(config)
            if let threads {
                guard threads >= 1 else { throw ToolError.badInput("--threads: expected an integer >= 1, got \(threads)") }
                settings.umap.threads = threads
            }
            try IsolatedVerification.check(activations, as: .activations)
            let run = EmbeddingRun(config: settings, configFile: config)
            run.producer = "umap-embed \(UMAPEmbed.version)"
            try run.run(activations: activations, layer: layer, output: out, progress: Progress(quiet: quiet))
        }
    }
}
