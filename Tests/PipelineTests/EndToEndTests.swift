import Artifacts
import Foundation
import Support
import XCTest
@testable import Pipeline

/// The real programs on the generated sketch set (small: 300 drawings per shape, 300 tracked,
/// 320×240 frames): 2 epochs, embed, a few frames and the mux, then the skip rules. Skipped until the three programs are built and the repository's
/// configs/train/sketches.json, configs/embed/aligned.json and configs/render/{dark,light}.json exist.
final class EndToEndTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func testSketchesPipelineEndToEnd() throws {
        let configs = ["train/sketches.json", "embed/aligned.json", "render/dark.json", "render/light.json"].map { repository + "/configs/" + $0 }
        try XCTSkipUnless(configs.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "stage configs not in the repository yet")
        let programs = ProgramLocator(directory: ProgramLocator.ownDirectory)
        for name in ["cnn-train", "umap-embed", "viz-render"] { _ = try programs.path(of: name) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        func pipeline(epochs: Int, style: String) throws -> PipelineRunner {
            let text = """
            {"output": "\(dir)/out",
             "train": {"config": "\(repository)/configs/train/sketches.json",
                       "set": {"epochs": \(epochs), "dataset.train_per_class": 300, "dataset.test_per_class": 50, "tracked_samples": 300,
                               "snapshots": {"every": "schedule", "growth": 4, "per_epoch": 1}}},
             "embed": {"config": "\(repository)/configs/embed/aligned.json", "layer": "fc1"},
             "render": {"config": "\(repository)/configs/render/\(style).json",
                        "set": {"width": 320, "height": 240, "fps": 10, "inbetween": 1, "hold_start": 0.2, "hold_snapshot": 0.1, "hold_end": 0.2}}}
            """
            try text.write(toFile: dir + "/p.json", atomically: true, encoding: .utf8)
            return PipelineRunner(pipeline: try PipelineFile(path: dir + "/p.json"), programs: programs,
                                  progress: Progress(quiet: true, terminal: false))
        }
        XCTAssertEqual(try pipeline(epochs: 2, style: "dark").run(RunOptions()).map(\.run), [true, true, true])
        let activations = try ActivationsFile(path: dir + "/out/activations.h5")
        // 3,000 training pictures in batches of 64: 47 batches an epoch.
        XCTAssertEqual(activations.steps, [0, 1, 4, 16, 47, 94])
        let embedding = try EmbeddingFile(path: dir + "/out/embedding.h5")
        XCTAssertEqual(embedding.steps, activations.steps)
        XCTAssertEqual(embedding.sampleCount, activations.sampleCount)
        let video = try FileManager.default.attributesOfItem(atPath: dir + "/out/timelapse.mp4")[.size] as? Int ?? 0
        XCTAssertGreaterThan(video, 1000)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/out/poster.png"))
        let page = try String(contentsOfFile: dir + "/out/timelapse.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<script type=\"application/json\" id=\"data\">{\"classes\""), "the page embeds its data")
        let manifest = try ConfigObject.loadJSON(dir + "/out/manifest.json")
        guard case .number(let accuracy)? = manifest["stages"]?["train"]?["quality"]?["test_accuracy"] else { return XCTFail("no test_accuracy") }
        XCTAssertGreaterThan(accuracy, 0.25, "2 epochs on 10 simple shapes should beat chance (0.1) clearly")
        XCTAssertNotNil(manifest["stages"]?["embed"]?["quality"]?["trustworthiness"])
        // Unchanged: nothing reruns. A style change reruns only render; a training change, everything.
        XCTAssertEqual(try pipeline(epochs: 2, style: "dark").run(RunOptions()).map(\.run), [false, false, false])
        XCTAssertEqual(try pipeline(epochs: 2, style: "light").run(RunOptions()).map(\.run), [false, false, true])
        XCTAssertEqual(try pipeline(epochs: 1, style: "light").run(RunOptions()).map(\.run), [true, true, true])
    }
}
