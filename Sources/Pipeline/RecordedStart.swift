import Support

/// The start of a pipeline that embeds and renders an existing activations file instead of
/// training: the key `"activations"` in place of `"train"`, its path relative to the pipeline.
///
///     {"output": "../runs/mine", "activations": "../runs/recorded/activations.h5",
///      "embed": {"config": "../configs/embed/aligned.json"}, "render": {"config": "../configs/render/light.json"}}
///
/// The file (from the Python recorder, `cnn-train` or any writer of docs/artifacts.md) is read
/// where it is; the embed and render stages list it as an input, so its content digest enters
/// their fingerprints like any input and a changed file reruns them.
struct RecordedStart {
    /// The activations file, absolute.
    let path: String

    /// The pipeline's `activations` entry, or nil when it has none (it then starts with `train`).
    init?(_ root: ConfigObject) throws {
        guard root.has("activations") else { return nil }
        guard let given = try root.filePath("activations") else { return nil }
        path = absolute(given)
        guard FileManagerPaths.exists(path) else {
            throw root.error("activations", "\(ConfigValidation.display(path)) does not exist; expected an activations file (docs/artifacts.md) written by cnn-train or the Python recorder")
        }
    }
}
