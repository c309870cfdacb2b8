import Foundation
import Support

/// A pipeline file: which stage configs to run, with inline overrides, and where to put
/// everything. Paths are relative to the pipeline file.
///
///     {
///       "$schema": "../schemas/pipeline.schema.json",
///       "description": "Fashion-MNIST in a few minutes",
///       "output": "../runs/fashion-mnist",
///       "train":  {"config": "../configs/train/fashion-mnist-quick.json", "set": {"epochs": 3}},
///       "embed":  {"config": "../configs/embed/aligned.json", "layer": "fc1"},
///       "render": {"config": "../configs/render/light.json"}
///     }
///
/// Stages, all in the output folder OUT:
/// `cnn-train --config OUT/configs/train.json --out OUT/activations.h5` (+ `--resume`),
/// `umap-embed --config OUT/configs/embed.json --activations OUT/activations.h5 [--layer L] --out OUT/embedding.h5`,
/// `viz-render --style OUT/configs/render.json --activations … --embedding … --frames OUT/frames --video OUT/timelapse.mp4 --poster OUT/poster.png --html OUT/timelapse.html`.
/// The layer L is the embed entry's `layer`, else the first layer the train config records
/// (`"record"`), else none: umap-embed then embeds the layer the activations file names as
/// its default. A pipeline may start from an existing activations file instead of `train`
/// (`"activations": "…h5"`, see `RecordedStart`): there is then no train stage.
///
/// `output` must lie inside the pipeline's project: the folder holding `pipelines/` when the
/// file sits in one, else the pipeline's own folder (so `../runs/x` from `pipelines/` is fine,
/// `../../..` is not). Anywhere else needs `allowOutside` (`timelapse run --allow-outside`).
public struct PipelineFile: Sendable {
    public static let stageNames = ["train", "embed", "render"]

    public let file: String
    public let output: String
    public let stages: [Stage]
    /// The stage configs as named by the pipeline, by stage name (for validation messages).
    public let configSources: [String: String]

    public init(path: String, allowOutside: Bool = false) throws {
        try self.init(json: try ConfigObject.loadJSON(path), file: path, allowOutside: allowOutside)
    }

    /// Reads a pipeline already parsed from `file` (paths are relative to `file`).
    public init(json: JSONValue, file: String, allowOutside: Bool = false) throws {
        let root = try ConfigObject(json, file: file)
        root.accept(["$schema", "description"])
        guard let outputName = try root.optionalString("output") else {
            throw root.error("output", "missing; expected the output folder, e.g. \"../runs/fashion-mnist\"")
        }
        let out = absolute(resolvePath(outputName, relativeTo: file))
        let project = Self.projectFolder(of: file)
        guard allowOutside || out.hasPrefix(project == "/" ? "/" : project + "/") && out != project else {
            throw root.error("output", "\"\(outputName)\" is \(out), outside the project folder \(project); put it under \(project) (e.g. \"../runs/NAME\") or pass --allow-outside")
        }
        var resolved: [String: JSONValue] = [:], sources: [String: String] = [:], layer: String?
        let recorded = try RecordedStart(root)
        // With `activations` there is no train stage; a `train` entry beside it is read (so a
        // schema being recorded sees it) and then refused below.
        for name in Self.stageNames where !(name == "train" && recorded != nil && !root.has("train")) {
            guard let entry = try root.object(name) else {
                throw root.error(name, "missing; expected {\"config\": \"../configs/\(name)/….json\"}")
            }
            guard let configPath = try entry.filePath("config").map(ConfigValidation.display) else {
                throw entry.error("config", "missing; expected the path of a \(name) config")
            }
            let overrides: [(String, JSONValue)]
            switch entry.value("set") {
            case nil: overrides = []
            case .object(let pairs)?: overrides = pairs
            case let v?: throw entry.error("set", "expected an object of overrides like {\"epochs\": 2}, got \(v.brief)")
            }
            if name == "embed" { layer = try entry.optionalString("layer") }
            try entry.finish()
            let base = ConfigOverrides.rebased(try ConfigObject.loadJSON(configPath), key: nil, relativeTo: configPath)
            resolved[name] = try ConfigOverrides.apply(overrides, to: base, file: file, path: "$.\(name).set")
            sources[name] = configPath
        }
        try root.finish()
        if recorded != nil, resolved["train"] != nil {
            throw root.error("activations", "a pipeline starts from either \"train\" or \"activations\", not both; remove one")
        }
        if layer == nil, case .array(let record)? = resolved["train"]?["record"], case .string(let l)? = record.first { layer = l }
        self.file = file
        self.output = out
        self.configSources = sources
        self.stages = Self.stages(output: out, configs: resolved, layer: layer, recorded: recorded?.path)
    }

    /// The folder outputs must stay in: the parent of `pipelines/` when `file` is in such a
    /// folder, else `file`'s own folder (absolute, without `..`).
    public static func projectFolder(of file: String) -> String {
        let dir = (absolute(file) as NSString).deletingLastPathComponent
        return dir.lastComponent == "pipelines" ? (dir as NSString).deletingLastPathComponent : dir
    }

    /// With `recorded` (a `RecordedStart`'s file) there is no train stage and the others read that file.
    private static func stages(output out: String, configs: [String: JSONValue], layer: String?, recorded: String?) -> [Stage] {
        let activations = recorded ?? out + "/activations.h5", embedding = out + "/embedding.h5"
        let video = out + "/timelapse.mp4", poster = out + "/poster.png", page = out + "/timelapse.html"
        func config(_ name: String) -> (JSONValue, String) { (configs[name] ?? .object([]), "\(out)/configs/\(name).json") }
        let (train, trainFile) = config("train"), (embed, embedFile) = config("embed"), (render, renderFile) = config("render")
        let training = Stage(name: "train", program: "cnn-train", config: train, configFile: trainFile,
                             arguments: ["--out", activations], inputs: [], outputs: [activations], resumeFlag: "--resume")
        return (recorded == nil ? [training] : []) + [
            Stage(name: "embed", program: "umap-embed", config: embed, configFile: embedFile,
                  arguments: ["--activations", activations] + (layer.map { ["--layer", $0] } ?? []) + ["--out", embedding],
                  inputs: [activations], outputs: [embedding]),
            Stage(name: "render", program: "viz-render", config: render, configFile: renderFile, configFlag: "--style",
                  arguments: ["--activations", activations, "--embedding", embedding, "--frames", out + "/frames",
                              "--video", video, "--poster", poster, "--html", page],
                  inputs: [activations, embedding], outputs: [video, poster, page]),
        ]
    }
}
