import Foundation
import Support
import XCTest
@testable import Pipeline

final class PipelineRunnerTests: XCTestCase {
    func testFirstRunRunsStagesInOrderAndWritesManifest() throws {
        let p = try FakeProject(self)
        let decisions = try p.run()
        XCTAssertEqual(decisions.map(\.line), ["train: run (no previous run)", "embed: run (no previous run)", "render: run (no previous run)"])
        XCTAssertEqual(p.calledPrograms, ["cnn-train", "umap-embed", "viz-render"])
        XCTAssertEqual(p.calls[0], "cnn-train --config \(p.out)/configs/train.json --out \(p.out)/activations.h5")
        XCTAssertEqual(p.calls[1], "umap-embed --config \(p.out)/configs/embed.json --activations \(p.out)/activations.h5 --layer fc2 --out \(p.out)/embedding.h5")
        XCTAssertEqual(p.calls[2], "viz-render --style \(p.out)/configs/render.json --activations \(p.out)/activations.h5 --embedding \(p.out)/embedding.h5 --frames \(p.out)/frames --video \(p.out)/timelapse.mp4 --poster \(p.out)/poster.png --html \(p.out)/timelapse.html")
        let m = p.manifest
        XCTAssertEqual(m["format"], .string("cnn-timelapse.manifest"))
        XCTAssertNil(m["in_progress"])
        for stage in ["train", "embed", "render"] {
            guard case .string(let fp)? = m["stages"]?[stage]?["fingerprint"] else { return XCTFail("no fingerprint for \(stage)") }
            XCTAssertEqual(fp.count, 64)
            guard case .number(let s)? = m["stages"]?[stage]?["seconds"] else { return XCTFail("no seconds") }
            XCTAssertGreaterThanOrEqual(s, 0)
        }
        let digest = try Digest.sha256(file: p.out + "/embedding.h5")
        XCTAssertEqual(m["stages"]?["embed"]?["outputs"]?["embedding.h5"], .string(digest))
        XCTAssertEqual(m["stages"]?["embed"]?["inputs"]?[p.out + "/activations.h5"], .string(try Digest.sha256(file: p.out + "/activations.h5")))
        XCTAssertEqual(m["stages"]?["embed"]?["quality"]?["trustworthiness"], .number(0.875))
        XCTAssertEqual(m["stages"]?["train"]?["program"], .string("sha256:" + (try Digest.sha256(file: p.bin + "/cnn-train"))),
                       "the program is fingerprinted by its executable's digest")
        guard case .array(let last)? = m["last_run"] else { return XCTFail("no last_run") }
        XCTAssertEqual(last.map { $0["action"] }, [.string("ran"), .string("ran"), .string("ran")])
        // The resolved train config has its relative directory made absolute against the config's folder.
        let resolved = try ConfigObject.loadJSON(p.out + "/configs/train.json")
        XCTAssertEqual(resolved["dataset"]?["directory"], .string(p.root + "/data"))
    }

    func testUnchangedRerunSkipsEverything() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        let decisions = try p.run()
        XCTAssertEqual(p.calls, [])
        XCTAssertEqual(decisions.map(\.run), [false, false, false])
        XCTAssertEqual(decisions[0].reason, "fingerprint unchanged, outputs intact")
    }

    func testStyleChangeRerunsOnlyRender() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        try p.write(#"{"theme": "dark", "fps": 12}"#, "configs/render/r.json")
        let decisions = try p.run()
        XCTAssertEqual(p.calledPrograms, ["viz-render"])
        XCTAssertEqual(decisions.map(\.line), ["train: skip (fingerprint unchanged, outputs intact)",
                                               "embed: skip (fingerprint unchanged, outputs intact)",
                                               "render: run (config changed)"])
    }

    func testTrainingChangeRerunsEverything() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        try p.writePipeline(trainSet: #"{"optimizer.learning_rate": 0.05}"#)
        let decisions = try p.run()
        XCTAssertEqual(p.calledPrograms, ["cnn-train", "umap-embed", "viz-render"])
        XCTAssertEqual(decisions.map(\.reason), ["config changed", "input activations.h5 changed", "input activations.h5, embedding.h5 changed"])
        XCTAssertEqual(try ConfigObject.loadJSON(p.out + "/configs/train.json")["optimizer"]?["learning_rate"], .number(0.05))
    }

    func testMissingOrModifiedOutputRerunsJustThatStage() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        try FileManager.default.removeItem(atPath: p.out + "/embedding.h5")
        var decisions = try p.run()
        XCTAssertEqual(decisions[1].reason, "output embedding.h5 is missing")
        // The rebuilt embedding has the same bytes, so render stays valid.
        XCTAssertEqual(p.calledPrograms, ["umap-embed"])
        p.clearCalls()
        try "tampered".write(toFile: p.out + "/timelapse.mp4", atomically: true, encoding: .utf8)
        decisions = try p.run()
        XCTAssertEqual(decisions[2].reason, "output timelapse.mp4 was modified")
        XCTAssertEqual(p.calledPrograms, ["viz-render"])
    }

    func testRebuiltProgramRerunsExactlyThatStage() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        try p.rebuild("umap-embed")
        let decisions = try p.run()
        XCTAssertTrue(decisions[1].reason.hasPrefix("program changed (rebuilt: sha256:"), decisions[1].reason)
        XCTAssertEqual(decisions.map(\.run), [false, true, false], "the fake writes the same embedding, so render stays")
        XCTAssertEqual(p.calledPrograms, ["umap-embed"])
    }

    func testChangedTrainingDataRerunsTrainingAndWhatDependsOnIt() throws {
        let p = try FakeProject(self)
        try FileManager.default.createDirectory(atPath: p.root + "/data", withIntermediateDirectories: true)
        try p.write("images v1", "data/train-images")
        try p.run()
        p.clearCalls()
        XCTAssertEqual(try p.run().map(\.run), [false, false, false], "nothing changed")
        try p.write("images v2", "data/train-images")
        let decisions = try p.run()
        XCTAssertEqual(decisions[0].reason, "input train-images changed")
        XCTAssertEqual(p.calledPrograms, ["cnn-train"], "the fake's activations do not depend on the data, so the rest is reused")
        try p.write("new file", "data/extra")
        XCTAssertEqual(try p.run().map(\.run), [true, false, false], "a file added to the data folder counts too")
    }

    func testDryRunPrintsPlanAndRunsNothing() throws {
        let p = try FakeProject(self)
        var decisions = try p.run(RunOptions(dryRun: true))
        XCTAssertEqual(decisions.map(\.line), ["train: run (no previous run)", "embed: run (its input is rebuilt by train)",
                                               "render: run (its input is rebuilt by train)"])
        XCTAssertEqual(p.calls, [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.out + "/manifest.json"))
        try p.run()
        p.clearCalls()
        try p.write(#"{"theme": "dark"}"#, "configs/render/r.json")
        decisions = try p.run(RunOptions(dryRun: true))
        XCTAssertEqual(decisions.map(\.run), [false, false, true])
        XCTAssertEqual(p.calls, [])
    }

    func testForceFromAndOnly() throws {
        let p = try FakeProject(self)
        try p.run()
        p.clearCalls()
        try p.run(RunOptions(only: "embed"))
        XCTAssertEqual(p.calledPrograms, ["umap-embed"])
        p.clearCalls()
        let from = try p.run(RunOptions(from: "embed"))
        XCTAssertEqual(p.calledPrograms, ["umap-embed", "viz-render"])
        XCTAssertEqual(from.map(\.reason), ["before --from embed", "--from embed", "--from embed"])
        p.clearCalls()
        try p.run(RunOptions(force: true))
        XCTAssertEqual(p.calledPrograms, ["cnn-train", "umap-embed", "viz-render"])
        XCTAssertThrowsError(try p.run(RunOptions(only: "embedd"))) { e in
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("did you mean 'embed'"))
        }
    }

    func testOnlyNeedsItsInputs() throws {
        let p = try FakeProject(self)
        XCTAssertThrowsError(try p.run(RunOptions(only: "render"))) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("render needs \(p.out)/activations.h5, which does not exist"))
        }
        XCTAssertEqual(p.calls, [])
    }

    func testLockStopsASecondRunOnTheSameFolder() throws {
        let p = try FakeProject(self)
        let held = try OutputLock(directory: p.out)
        XCTAssertThrowsError(try p.run()) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("another timelapse run is using this output folder"))
        }
        XCTAssertEqual(p.calls, [])
        withExtendedLifetime(held) {}
    }

    func testKilledStageIsCompletedByTheNextRunWithResume() throws {
        let p = try FakeProject(self)
        try p.write("", "bin/fail-cnn-train")
        XCTAssertThrowsError(try p.run()) { e in
            XCTAssertEqual((e as? ToolError)?.kind, .failed)
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("cnn-train was killed by signal 9"), "\(e)")
        }
        XCTAssertEqual(p.manifest["in_progress"]?["stage"], .string("train"))
        XCTAssertNil(p.manifest["stages"]?["train"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: p.out + "/activations.h5"))
        p.clearCalls()
        try p.run()
        XCTAssertEqual(p.calledPrograms, ["cnn-train", "umap-embed", "viz-render"])
        XCTAssertTrue(p.calls[0].hasSuffix("--resume"), p.calls[0])
        XCTAssertNil(p.manifest["in_progress"])
    }

    func testKilledLaterStageKeepsEarlierOnes() throws {
        let p = try FakeProject(self)
        try p.write("", "bin/fail-viz-render")
        XCTAssertThrowsError(try p.run())
        p.clearCalls()
        try p.run()
        XCTAssertEqual(p.calledPrograms, ["viz-render"])
        XCTAssertFalse(p.calls[0].hasSuffix("--resume"), "viz-render has no resume flag")
    }
}
