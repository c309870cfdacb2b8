import Foundation
import Support

/// `schemas/*.schema.json`, generated from the config readers (`ConfigSchema`): each file is
/// what its reader accepts, recorded while it reads the project's own configs of that kind
/// (`configs/<stage>/*.json`, `pipelines/*.json`) and their one-choice variants. Adding a key
/// to a reader and running `timelapse schemas --write` is all a new key needs; a test runs
/// `timelapse schemas --check` so committed schemas never drift from the readers.
public enum SchemaFiles {
    /// A config reader: reads `json` as if from `file`, throwing what it would throw.
    public typealias Reader = (_ json: JSONValue, _ file: String) throws -> Void

    /// One generated schema: its file name, title, the folder of sample configs and the reader.
    public struct Kind {
        public let file: String
        public let title: String
        public let samples: String
        public let read: Reader
        public init(file: String, title: String, samples: String, read: @escaping Reader) {
            self.file = file; self.title = title; self.samples = samples; self.read = read
        }
    }

    /// The pipeline file's kind (the stage kinds come from the programs' libraries).
    public static let pipeline = Kind(file: "pipeline.schema.json", title: "timelapse pipeline", samples: "pipelines") { json, file in
        _ = try PipelineFile(json: json, file: file, allowOutside: true)
    }

    /// File name → generated text (pretty-printed, 2 spaces, trailing newline) for `kinds`,
    /// with samples read under `root`.
    public static func generate(_ kinds: [Kind], root: String) throws -> [(String, String)] {
        try kinds.map { kind in
            let folder = root + "/" + kind.samples
            let names = ((try? FileManagerPaths.contents(folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            guard !names.isEmpty else { throw ToolError.badInput("\(folder): no sample configs to read; run from the project folder") }
            let samples = try names.map { name -> (JSONValue, String) in
                let file = folder + "/" + name
                var json = try ConfigObject.loadJSON(file)
                if case .object(let pairs) = json { json = .object(pairs.filter { $0.0 != "$schema" }) }
                return (json, file)
            }
            let recorded = ConfigSchema.record(samples: samples.map(\.0)) { json in
                try kind.read(json, samples.first { $0.0 == json }?.1 ?? folder + "/variant.json")
            }
            return (kind.file, recorded.schema(title: kind.title).serialized(indent: 2) + "\n")
        }
    }

    /// The names of committed schemas in `directory` that differ from `generated` (or are missing).
    public static func stale(_ generated: [(String, String)], in directory: String) -> [String] {
        generated.filter { name, text in
            (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) != text
        }.map(\.0)
    }

    /// Writes each generated schema into `directory` (atomically).
    public static func write(_ generated: [(String, String)], to directory: String) throws {
        for (name, text) in generated { try AtomicOutput.write(Data(text.utf8), to: directory + "/" + name) }
    }
}
