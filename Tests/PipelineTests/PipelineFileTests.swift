import Support
import XCTest
@testable import Pipeline

final class PipelineFileTests: XCTestCase {
    func embedLayer(_ p: FakeProject) throws -> String? {
        let args = try PipelineFile(path: p.pipeline).stages[1].arguments
        return args.firstIndex(of: "--layer").map { args[$0 + 1] }
    }

    func testLayerComesFromPipelineElseTrainRecordElseTheFilesDefault() throws {
        let p = try FakeProject(self)
        XCTAssertEqual(try embedLayer(p), "fc2")
        try p.write(#"{"output": "../runs/p", "train": {"config": "../configs/train/t.json", "set": {"record": ["conv2", "fc1"]}}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertEqual(try embedLayer(p), "conv2")
        try p.write(#"{"output": "../runs/p", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertNil(try embedLayer(p), "no --layer: umap-embed takes the layer the activations file names")
    }

    func testPipelineErrorsNameKeyAndSuggest() throws {
        let p = try FakeProject(self)
        try p.write(#"{"output": "../runs/p", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json", "layr": "fc1"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertThrowsError(try PipelineFile(path: p.pipeline)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("$.embed: unknown key 'layr' (did you mean 'layer'?)"), m)
        }
        try p.write(#"{"output": "../runs/p", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}}"#, "pipelines/p.json")
        XCTAssertThrowsError(try PipelineFile(path: p.pipeline)) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("$.render: missing"))
        }
    }

    /// `output` may not wander out of the project unless asked to.
    func testOutputOutsideTheProjectNeedsAllowOutside() throws {
        let p = try FakeProject(self)
        for outside in ["../../..", "/tmp/elsewhere", "..", "../pipelines/../../x"] {
            try p.write(#"{"output": "\#(outside)", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
            XCTAssertThrowsError(try PipelineFile(path: p.pipeline), outside) { e in
                let m = (e as? ToolError)?.message ?? ""
                XCTAssertTrue(m.contains("$.output: \"\(outside)\" is ") && m.contains("outside the project folder \(p.root)") && m.contains("--allow-outside"), m)
            }
            XCTAssertNoThrow(try PipelineFile(path: p.pipeline, allowOutside: true))
        }
        try p.write(#"{"output": "../runs/deep/er", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertEqual(try PipelineFile(path: p.pipeline).output, p.root + "/runs/deep/er")
        XCTAssertEqual(PipelineFile.projectFolder(of: p.root + "/elsewhere/q.json"), p.root + "/elsewhere", "outside pipelines/, the pipeline's own folder")
    }
}
