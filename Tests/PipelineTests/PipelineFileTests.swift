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
}
