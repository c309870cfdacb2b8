import Foundation
import Support
import XCTest
@testable import Pipeline

/// A temporary project with fake stage programs (shell scripts with the real programs'
/// command lines) so the engine is tested without training anything.
///
/// Each fake appends its arguments to `bin/calls.log` and writes its outputs from its
/// config and inputs, so outputs change exactly when those do (`rebuild` changes its bytes,
/// as a rebuilt program would). `bin/fail-NAME` makes the
/// next call kill itself with SIGKILL after writing a partial file; `bin/hang-NAME` makes it
/// record its pid in `bin/NAME.pid` and sleep.
final class FakeProject {
    let root: String
    var bin: String { root + "/bin" }
    var out: String { root + "/runs/p" }
    var pipeline: String { root + "/pipelines/p.json" }

    static let script = #"""
    #!/bin/bash
    dir="$(cd "$(dirname "$0")" && pwd)"; name="$(basename "$0")"
    echo "$name $*" >> "$dir/calls.log"
    inputs=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --config|--style) cfg="$2"; shift 2;;
        --out|--video) out="$2"; shift 2;;
        --activations|--embedding) inputs="$inputs $2"; shift 2;;
        --frames) frames="$2"; shift 2;;
        --poster) poster="$2"; shift 2;;
        --html) html="$2"; shift 2;;
        --layer) layer="$2"; shift 2;;
        *) shift;;
      esac
    done
    if [ -e "$dir/hang-$name" ]; then echo $$ > "$dir/$name.pid"; sleep 30; fi
    if [ -e "$dir/fail-$name" ]; then rm "$dir/fail-$name"; echo partial > "$out.partial"; kill -9 $$; fi
    [ -n "$frames" ] && mkdir -p "$frames" && echo frame > "$frames/000001.png"
    [ -n "$poster" ] && echo poster > "$poster"
    [ -n "$html" ] && echo page > "$html"
    { echo "$name layer=$layer"; cat "$cfg"; for i in $inputs; do cat "$i"; done; } > "$out"
    [ "$name" = "umap-embed" ] && echo '{"trustworthiness": 0.875, "movement": 0.25}' > "$out.quality.json"
    exit 0
    """#

    init(_ test: XCTestCase) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-tests-\(UUID().uuidString)").path
        test.addTeardownBlock { [root] in try? FileManager.default.removeItem(atPath: root) }
        for dir in ["bin", "pipelines", "configs/train", "configs/embed", "configs/render", "schemas"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        for program in ["cnn-train", "umap-embed", "viz-render"] {
            try write(Self.script, "bin/" + program)
            chmod(bin + "/" + program, 0o755)
        }
        try write(#"{"epochs": 2, "dataset": {"kind": "sketches", "directory": "../../data"}, "optimizer": {"learning_rate": 0.01}}"#, "configs/train/t.json")
        try write(#"{"neighbors": 15, "layer": "fc1"}"#, "configs/embed/e.json")
        try write(#"{"theme": "light", "fps": 12}"#, "configs/render/r.json")
        try writePipeline()
    }

    func writePipeline(trainSet: String = "{}", renderConfig: String = "r.json") throws {
        try write("""
        {"output": "../runs/p",
         "train": {"config": "../configs/train/t.json", "set": \(trainSet)},
         "embed": {"config": "../configs/embed/e.json", "layer": "fc2"},
         "render": {"config": "../configs/render/\(renderConfig)"}}
        """, "pipelines/p.json")
    }

    /// Changes a fake program's bytes but not what it does, like a rebuild.
    func rebuild(_ program: String) throws {
        let path = bin + "/" + program
        try (try String(contentsOfFile: path, encoding: .utf8) + "\n# rebuilt \(UUID().uuidString)\n").write(toFile: path, atomically: false, encoding: .utf8)
    }

    func write(_ text: String, _ relative: String) throws {
        try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
    }

    /// The programs called so far, one entry per call ("cnn-train --config …").
    var calls: [String] {
        ((try? String(contentsOfFile: bin + "/calls.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    var calledPrograms: [String] { calls.map { String($0.split(separator: " ")[0]) } }

    func clearCalls() { try? FileManager.default.removeItem(atPath: bin + "/calls.log") }

    /// The engine on the fakes; quality figures come from `X.quality.json` sidecars the fakes write.
    func runner() throws -> PipelineRunner {
        let file = try PipelineFile(path: pipeline)
        return PipelineRunner(stages: file.stages, output: file.output, pipelineFile: file.file,
                              programs: ProgramLocator(directory: bin), progress: Progress(quiet: true, terminal: false),
                              quality: Self.sidecarQuality)
    }

    static func sidecarQuality(_ stage: Stage) -> [String: Double] {
        var figures = [String: Double]()
        for out in stage.outputs {
            guard case .object(let pairs)? = try? ConfigObject.loadJSON(out + ".quality.json") else { continue }
            for (k, v) in pairs { if case .number(let n) = v { figures[k] = n } }
        }
        return figures
    }

    @discardableResult
    func run(_ options: RunOptions = RunOptions()) throws -> [StageDecision] { try runner().run(options) }

    var manifest: JSONValue { (try? ConfigObject.loadJSON(out + "/manifest.json")) ?? .null }
}
