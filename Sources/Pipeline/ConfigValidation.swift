import Support

/// `timelapse validate`: checks configs and pipelines against the JSON Schemas in `schemas/`.
/// A file's schema is the one its `"$schema"` key names, else chosen by its folder:
/// `pipelines/` → `pipeline.schema.json`, `configs/train/` → `train.schema.json`,
/// `configs/embed/` → `embed.schema.json`, `configs/render/` → `render.schema.json`.
/// For a pipeline, each stage config is also checked as resolved (with the inline overrides).
/// Each message names the file, the JSON path, the bad value and what was expected.
public enum ConfigValidation {
    public static let stageSchemas = ["train": "train.schema.json", "embed": "embed.schema.json", "render": "render.schema.json"]

    /// The problems in `files`, one line each: "FILE: $.path: message". A pipeline's stage
    /// configs are checked with its overrides applied; a problem already in a stage config that
    /// is itself among `files` is reported once, under that config.
    public static func validate(files: [String], schemas: String) throws -> [String] {
        var lines = [String]()
        let checked = Set(files.map { absolute($0) })
        for path in files {
            let file = display(path)
            do {
                let json = try ConfigObject.loadJSON(file)
                guard let schemaFile = schemaPath(for: file, json: json, schemas: schemas) else {
                    lines.append("\(file): cannot tell which schema applies; put it under pipelines/ or configs/{train,embed,render}/ or add a \"$schema\" key")
                    continue
                }
                let issues = try SchemaValidator(file: schemaFile).validate(json).map { "\(file): \($0)" }
                lines += issues
                if schemaFile.lastComponent == "pipeline.schema.json", issues.isEmpty {
                    lines += try resolvedIssues(pipeline: file, schemas: schemas, skippingThoseIn: checked)
                }
            } catch let e as ToolError where e.kind == .badInput {
                // An unreadable file or a pipeline naming a missing config: report it and go on.
                lines.append(e.message.hasPrefix(file + ":") ? e.message : "\(file): \(e.message)")
            }
        }
        return lines
    }

    /// Problems in a pipeline's stage configs after its overrides are applied, leaving out
    /// those the stage config has by itself when it is one of `skipped`.
    public static func resolvedIssues(pipeline file: String, schemas: String, skippingThoseIn skipped: Set<String> = []) throws -> [String] {
        let pipeline = try PipelineFile(path: file, allowOutside: true)
        var lines = [String]()
        for stage in pipeline.stages {
            guard let name = stageSchemas[stage.name] else { continue }
            let schemaFile = schemas + "/" + name
            guard FileManagerPaths.exists(schemaFile) else { continue }
            let validator = try SchemaValidator(file: schemaFile)
            let source = pipeline.configSources[stage.name] ?? "?"
            let own = skipped.contains(absolute(source)) ? Set(validator.validate(try ConfigObject.loadJSON(source))) : []
            lines += validator.validate(stage.config).filter { !own.contains($0) }
                .map { "\(file): \(stage.name) config \(display(source)) with the pipeline's overrides: \($0)" }
        }
        return lines
    }

    /// `path` without `..` steps, relative to the working directory when under it.
    static func display(_ path: String) -> String {
        FileManagerPaths.relative(absolute(path), to: FileManagerPaths.currentDirectory)
    }

    /// The schema for `file`, or nil when neither `$schema` nor the folder tells.
    static func schemaPath(for file: String, json: JSONValue, schemas: String) -> String? {
        if case .string(let s)? = json["$schema"], !s.contains("://") { return absolute(resolvePath(s, relativeTo: file)) }
        let parts = absolute(file).split(separator: "/").map(String.init)
        guard parts.count >= 2 else { return nil }
        let folder = parts[parts.count - 2]
        if folder == "pipelines" { return schemas + "/pipeline.schema.json" }
        if parts.count >= 3, parts[parts.count - 3] == "configs", let name = stageSchemas[folder] { return schemas + "/" + name }
        return nil
    }

    /// Every `.json` under `root`'s pipelines/ and configs/{train,embed,render}/, sorted.
    public static func defaultFiles(root: String) -> [String] {
        let folders = ["pipelines", "configs/train", "configs/embed", "configs/render"]
        return folders.flatMap { folder -> [String] in
            let dir = root + "/" + folder
            let names = (try? FileManagerPaths.contents(dir)) ?? []
            return names.filter { $0.hasSuffix(".json") }.sorted().map { dir + "/" + $0 }
        }
    }

    /// The nearest `schemas/` folder holding pipeline.schema.json, searching up from `file`'s folder.
    public static func findSchemas(near file: String) -> String? {
        var dir = absolute(file)
        while dir != "/" && !dir.isEmpty {
            dir = (dir as String).split(separator: "/").dropLast().joined(separator: "/")
            dir = "/" + dir
            if FileManagerPaths.exists(dir + "/schemas/pipeline.schema.json") { return dir + "/schemas" }
            if dir == "/" { break }
        }
        return nil
    }
}
