import ArgumentParser
import Embedding
import Foundation
import Pipeline
import SceneModel
import Support
import Training

struct Timelapse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timelapse",
        abstract: "Run cnn-train → umap-embed → viz-render as a pipeline, redoing only what changed.",
        discussion: """
        Each stage runs as its own process; everything goes into the pipeline's output folder,
        with a manifest.json recording fingerprints, timings and quality figures.
        Exit codes: 0 success, 2 a config error, 1 a stage failure, 3 a missing program.

        Example:
          timelapse run pipelines/fashion-mnist.json
          timelapse validate
        """,
        subcommands: [Run.self, Validate.self, Schemas.self])
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a pipeline, skipping stages whose fingerprint is unchanged and whose outputs are intact.",
        discussion: """
        A stage's fingerprint is its resolved config, the digests of its inputs and its program's
        version. A style change reruns only the render stage; a training change reruns everything.
        The output folder is locked while a run is going; a run killed at any moment is completed
        by the next `timelapse run`.

        Examples:
          timelapse run pipelines/fashion-mnist.json
          timelapse run pipelines/fashion-mnist.json --dry-run
          timelapse run pipelines/sketches.json --only render
        """)

    @Argument(help: "The pipeline file, e.g. pipelines/fashion-mnist.json.")
    var pipeline: String

    @Flag(help: "Rerun every stage.")
    var force = false

    @Option(help: "Rerun this stage and every stage after it (train, embed, render).")
    var from: String?

    @Option(help: "Rerun only this stage (train, embed, render); its inputs must exist.")
    var only: String?

    @Flag(help: "Print the plan (each stage: run or skip, and why) and run nothing.")
    var dryRun = false

    @Option(help: "Folder holding cnn-train, umap-embed and viz-render (default: next to timelapse, or $TIMELAPSE_BIN_DIR).")
    var binDir: String?

    @Option(help: "Folder of JSON Schemas to check the resolved configs against (default: the nearest schemas/ above the pipeline).")
    var schemas: String?

    @Flag(help: "Allow the pipeline's output folder to lie outside its project folder (the folder holding pipelines/).")
    var allowOutside = false

    func run() throws {
        runReportingErrors(program: "timelapse") {
            if let dir = schemas ?? ConfigValidation.findSchemas(near: pipeline) {
                let problems = try ConfigValidation.validate(files: [pipeline], schemas: dir)
                guard problems.isEmpty else {
                    throw ToolError.badInput(problems.joined(separator: "\n"))
                }
            }
            let file = try PipelineFile(path: pipeline, allowOutside: allowOutside)
            let runner = PipelineRunner(pipeline: file, programs: ProgramLocator(directory: binDir))
            try runner.run(RunOptions(force: force, from: from, only: only, dryRun: dryRun))
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check configs and pipelines against the JSON Schemas in schemas/.",
        discussion: """
        With no files, checks every pipelines/*.json and configs/{train,embed,render}/*.json
        under the current folder. Each error names the file, the JSON path, the bad value and
        what was expected, and suggests the closest key.

        Examples:
          timelapse validate
          timelapse validate configs/train/fashion-mnist-quick.json
        """)

    @Argument(help: "Files to check (default: all pipelines and configs).")
    var files: [String] = []

    @Option(help: "Folder of JSON Schemas (default: ./schemas).")
    var schemas = "schemas"

    func run() throws {
        runReportingErrors(program: "timelapse") {
            let targets = files.isEmpty ? ConfigValidation.defaultFiles(root: FileManager.default.currentDirectoryPath) : files
            guard !targets.isEmpty else { throw ToolError.badInput("no pipelines/ or configs/ files found here; pass files to check") }
            let problems = try ConfigValidation.validate(files: targets, schemas: schemas)
            guard problems.isEmpty else { throw ToolError.badInput("\(problems.count) problem\(problems.count == 1 ? "" : "s"):\n" + problems.joined(separator: "\n")) }
            FileHandle.standardError.write(Data("timelapse: \(targets.count) file\(targets.count == 1 ? "" : "s") valid\n".utf8))
        }
    }
}

struct Schemas: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate schemas/*.schema.json from the config readers.",
        discussion: """
        Each schema is recorded from the Swift reader of its kind (types, ranges, choices,
        defaults, required keys) while it reads the project's own configs and pipelines, so a
        rule is declared once, in the reader. Run from the project folder.

        Examples:
          timelapse schemas --check      (exit 2 naming each stale schema)
          timelapse schemas --write
        """)

    @Flag(help: "Write the generated schemas into the schemas folder.")
    var write = false

    @Flag(help: "Exit 2 when a committed schema differs from the generated one.")
    var check = false

    @Option(help: "Folder of JSON Schemas (default: ./schemas).")
    var schemas = "schemas"

    func run() throws {
        runReportingErrors(program: "timelapse") {
            let kinds: [SchemaFiles.Kind] = [
                SchemaFiles.Kind(file: "train.schema.json", title: "cnn-train config", samples: "configs/train") { json, file in
                    _ = try TrainConfig(ConfigObject(json, file: file))
                },
                SchemaFiles.Kind(file: "embed.schema.json", title: "umap-embed config", samples: "configs/embed") { json, file in
                    _ = try EmbedConfig(ConfigObject(json, file: file))
                },
                SchemaFiles.Kind(file: "render.schema.json", title: "viz-render style", samples: "configs/render") { json, file in
                    _ = try Style.parse(ConfigObject(json, file: file))
                },
                SchemaFiles.pipeline,
            ]
            let generated = try SchemaFiles.generate(kinds, root: FileManager.default.currentDirectoryPath)
            if write { try SchemaFiles.write(generated, to: schemas) }
            let stale = write ? [] : SchemaFiles.stale(generated, in: schemas)
            if check, !stale.isEmpty {
                throw ToolError.badInput("\(stale.map { schemas + "/" + $0 }.joined(separator: ", ")): differ from the config readers; run `timelapse schemas --write`")
            }
            if !write, !check { for (name, text) in generated { print("// \(name)\n\(text)") } }
        }
    }
}

Timelapse.main()
