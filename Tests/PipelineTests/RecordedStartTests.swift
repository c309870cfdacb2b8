import Foundation
import Support
import XCTest
@testable import Pipeline

/// A pipeline that starts from an existing activations file (`"activations"` instead of `"train"`).
final class RecordedStartTests: XCTestCase {
    func recordedPipeline(_ p: FakeProject, layer: String = #", "layer": "fc2""#) throws {
        try p.write(#"{"output": "../runs/p", "activations": "../recorded/activations.h5", "embed": {"config": "../configs/embed/e.json""#
                    + layer + #"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
    }

    func makeRecording(_ p: FakeProject, _ text: String) throws {
        try FileManager.default.createDirectory(atPath: p.root + "/recorded", withIntermediateDirectories: true)
        try p.write(text, "recorded/activations.h5")
    }

    func testEmbedAndRenderReadTheFileWhereItIsAndItsDigestDecidesTheSkips() throws {
        let p = try FakeProject(self)
        try makeRecording(p, "snapshots from somewhere else")
        try recordedPipeline(p)
        let file = p.root + "/recorded/activations.h5"
        XCTAssertEqual(try PipelineFile(path: p.pipeline).stages.map(\.name), ["embed", "render"])
        XCTAssertEqual(try p.run().map(\.line), ["embed: run (no previous run)", "render: run (no previous run)"])
        XCTAssertEqual(p.calls, [
            "umap-embed --config \(p.out)/configs/embed.json --activations \(file) --layer fc2 --out \(p.out)/embedding.h5",
            "viz-render --style \(p.out)/configs/render.json --activations \(file) --embedding \(p.out)/embedding.h5 --frames \(p.out)/frames --video \(p.out)/timelapse.mp4 --poster \(p.out)/poster.png --html \(p.out)/timelapse.html",
        ])
        XCTAssertEqual(p.manifest["stages"]?["embed"]?["inputs"]?[file], .string(try Digest.sha256(file: file)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.out + "/activations.h5"), "nothing is copied")

        p.clearCalls()
        XCTAssertEqual(try p.run().map(\.run), [false, false])
        XCTAssertEqual(p.calls, [])

        try makeRecording(p, "a longer recording of the same run")  // new content, same path and time of day
        XCTAssertEqual(try p.run().map(\.line), ["embed: run (input activations.h5 changed)", "render: run (input activations.h5, embedding.h5 changed)"])
        XCTAssertEqual(p.calledPrograms, ["umap-embed", "viz-render"])
    }

    func testWithoutAnEmbedLayerUmapEmbedPicksTheFilesDefault() throws {
        let p = try FakeProject(self)
        try makeRecording(p, "x")
        try recordedPipeline(p, layer: "")
        XCTAssertFalse(try PipelineFile(path: p.pipeline).stages[0].arguments.contains("--layer"))
    }

    func testBothStartsOrAMissingFileAreNamed() throws {
        let p = try FakeProject(self)
        try recordedPipeline(p)
        XCTAssertThrowsError(try PipelineFile(path: p.pipeline)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("$.activations: ") && m.contains("recorded/activations.h5 does not exist; expected an activations file"), m)
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
        }
        try makeRecording(p, "x")
        try p.write(#"{"output": "../runs/p", "activations": "../recorded/activations.h5", "train": {"config": "../configs/train/t.json"}, "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertThrowsError(try PipelineFile(path: p.pipeline)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("$.activations: a pipeline starts from either \"train\" or \"activations\", not both"), m)
        }
    }

    /// The generated schema accepts either start; a pipeline with neither is refused by the
    /// reader, which names the missing `train`.
    func testTheSchemaAcceptsEitherStartAndNeitherIsNamed() throws {
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schemas/pipeline.schema.json").path
        let validator = try SchemaValidator(file: schemas)
        let stages = #""embed": {"config": "e.json"}, "render": {"config": "r.json"}"#
        XCTAssertEqual(validator.validate(try JSONParser.parse(#"{"output": "o", "activations": "a.h5", "# + stages + "}", source: "test")), [])
        XCTAssertEqual(validator.validate(try JSONParser.parse(#"{"output": "o", "train": {"config": "t.json"}, "# + stages + "}", source: "test")), [])
        let p = try FakeProject(self)
        try p.write(#"{"output": "../runs/p", "embed": {"config": "../configs/embed/e.json"}, "render": {"config": "../configs/render/r.json"}}"#, "pipelines/p.json")
        XCTAssertThrowsError(try PipelineFile(path: p.pipeline)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("$.train: missing"), m)
        }
    }
}
