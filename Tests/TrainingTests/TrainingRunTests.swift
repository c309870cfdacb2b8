import XCTest
import Artifacts
import Support
@testable import Training

final class TrainingRunTests: XCTestCase {
    var fixture: TrainingFixture!
    override func setUp() { fixture = TrainingFixture() }
    override func tearDown() { fixture.cleanup() }

    /// Everything a record holds except the wall-clock `seconds`.
    func contents(_ path: String) throws -> [String: [Float]] {
        let a = try ActivationsFile(path: path)
        var out: [String: [Float]] = ["labels": a.labels.map(Float.init), "epochs": a.epochs.map(Float.init)]
        for e in 0..<a.epochs.count {
            out["fc1.\(e)"] = try a.activations(layer: "fc1", epoch: e)
            out["p.\(e)"] = try a.probabilities(epoch: e)
        }
        for name in ArtifactFormat.metricNames where name != "seconds" { out[name] = try a.metric(name) }
        return out
    }

    func assertSame(_ a: [String: [Float]], _ b: [String: [Float]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        for (k, v) in a {
            // Bitwise equality (NaN == NaN for the untrained epoch's train metrics).
            XCTAssertEqual(v.map(\.bitPattern), b[k]?.map(\.bitPattern), "\(k) differs", file: file, line: line)
        }
    }

    func testLearnsTheSketchesAndRecordsEveryEpoch() throws {
        let out = fixture.path("runs/activations.h5")
        let accuracy = try fixture.train(fixture.config(epochs: 3), out: out)
        XCTAssertGreaterThanOrEqual(accuracy, 0.9, "4 sketch shapes, 3 epochs")
        let a = try ActivationsFile(path: out)
        XCTAssertEqual(a.epochs, [0, 1, 2, 3])
        XCTAssertEqual(a.classes, ["circle", "square", "triangle", "cross"])
        XCTAssertEqual(a.sampleCount, 16)
        XCTAssertEqual(Dictionary(grouping: a.labels, by: { $0 }).mapValues(\.count), [0: 4, 1: 4, 2: 4, 3: 4])
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [24]))
        XCTAssertEqual(a.imageShape, [28, 28])
        let test = try XCTUnwrap(try a.metric("test_accuracy"))
        XCTAssertLessThan(test[0], 0.5, "the untrained network guesses")
        XCTAssertEqual(Double(test[3]), accuracy, accuracy: 1e-6)
        XCTAssertTrue(try a.metric("train_loss")![0].isNaN, "no training before epoch 0")
        let fc1 = try a.activations(layer: "fc1", epoch: 3)
        XCTAssertTrue(fc1.allSatisfy { $0 >= 0 }, "fc1 is recorded after its ReLU")
        let p = try a.probabilities(epoch: 2)
        for n in 0..<16 { XCTAssertEqual(p[n * 4..<n * 4 + 4].reduce(0, +), 1, accuracy: 1e-4) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: out)))
    }

    func testSameConfigSeedAndThreadsGiveIdenticalRecords() throws {
        let config = fixture.config(epochs: 1)
        try fixture.train(config, out: fixture.path("a.h5"))
        try fixture.train(config, out: fixture.path("b.h5"))
        assertSame(try contents(fixture.path("a.h5")), try contents(fixture.path("b.h5")))
    }

    func testAResumedRunEndsLikeAnUninterruptedOne() throws {
        let config = fixture.config(epochs: 3)
        try fixture.train(config, out: fixture.path("whole.h5"))
        let whole = try contents(fixture.path("whole.h5"))

        let cut = fixture.path("cut.h5")
        XCTAssertThrowsError(try fixture.train(config, out: cut, interruption: .afterRecord(epoch: 1)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: cut), "nothing under the final name after a kill")
        XCTAssertEqual(try ActivationsFile(path: AtomicOutput.partialPath(for: cut)).epochs, [0, 1])
        try fixture.train(config, out: cut, resume: true)
        assertSame(whole, try contents(cut))

        // A kill between an epoch's checkpoint and its record.
        let late = fixture.path("late.h5")
        XCTAssertThrowsError(try fixture.train(config, out: late, interruption: .afterCheckpoint(epoch: 2)))
        XCTAssertEqual(try ActivationsFile(path: AtomicOutput.partialPath(for: late)).epochs, [0, 1])
        try fixture.train(config, out: late, resume: true)
        assertSame(whole, try contents(late))
    }

    func testResumeRefusesACheckpointFromAnotherConfig() throws {
        let out = fixture.path("x.h5")
        XCTAssertThrowsError(try fixture.train(fixture.config(epochs: 2), out: out, interruption: .afterRecord(epoch: 1)))
        let other = fixture.config(epochs: 2, optimizer: #"{"kind": "sgd", "learning_rate": 0.05, "momentum": 0.9}"#, name: "other.json")
        XCTAssertThrowsError(try fixture.train(other, out: out, resume: true)) {
            XCTAssertTrue(($0 as! ToolError).message.contains("was made with a different config"), "\($0)")
        }
    }

    func testBadConfigsNameTheKey() throws {
        let out = fixture.path("bad.h5")
        func message(_ config: String) -> String {
            do { try fixture.train(config, out: out); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message(fixture.config(extra: #", "epocs": 3"#)).contains("unknown key 'epocs' (did you mean 'epochs'?)"))
        let badRecord = fixture.config(name: "r.json")
        try String(contentsOfFile: badRecord).replacingOccurrences(of: #""record": ["fc1"]"#, with: #""record": ["fc7"]"#)
            .write(toFile: badRecord, atomically: true, encoding: .utf8)
        let m = message(badRecord)
        XCTAssertTrue(m.contains("$.record[0]: unknown layer 'fc7'"), m)
        let badShape = fixture.config(model: #"{"layers": [{"type": "dense", "units": 4}]}"#, name: "s.json")
        XCTAssertTrue(message(badShape).contains("layer 'fc1' (dense) needs a flat input but gets [1, 28, 28]"), message(badShape))
        let wrongClasses = fixture.config(model: #"{"layers": [{"type": "flatten"}, {"type": "dense", "units": 3}]}"#, name: "c.json")
        XCTAssertTrue(message(wrongClasses).contains("outputs [3] but the data set has 4 classes"))
        let missingData = fixture.path("idx.json")
        try #"{"dataset": {"kind": "idx", "directory": "/nonexistent/data"}}"#.write(toFile: missingData, atomically: true, encoding: .utf8)
        XCTAssertTrue(message(missingData).contains("/nonexistent/data"), message(missingData))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testADivergingLossStopsWithAValidFile() throws {
        let out = fixture.path("nan.h5")
        let config = fixture.config(epochs: 2, optimizer: #"{"kind": "sgd", "learning_rate": 1e30}"#)
        XCTAssertThrowsError(try fixture.train(config, out: out)) {
            let m = ($0 as! ToolError).message
            XCTAssertTrue(m.contains("the loss became") && m.contains("lower optimizer.learning_rate"), m)
        }
        XCTAssertEqual(try ActivationsFile(path: out).epochs, [0], "the untrained record survives")
    }
}
