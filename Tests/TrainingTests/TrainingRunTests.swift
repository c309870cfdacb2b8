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
        var out: [String: [Float]] = ["labels": a.labels.map(Float.init), "steps": a.steps.map(Float.init),
                                      "seen": a.snapshots.map { Float($0.imagesSeen ?? -1) }]
        for s in 0..<a.snapshotCount {
            out["fc1.\(s)"] = try a.activations(layer: "fc1", snapshot: s)
            out["p.\(s)"] = try a.probabilities(snapshot: s)
        }
        for metric in Metric.allCases where metric != .seconds { out[metric.rawValue] = try a.metric(metric) }
        return out
    }

    func assertSame(_ a: [String: [Float]], _ b: [String: [Float]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        for (k, v) in a {
            // Bitwise equality (NaN == NaN for the untrained epoch's train metrics).
            XCTAssertEqual(v.map(\.bitPattern), b[k]?.map(\.bitPattern), "\(k) differs", file: file, line: line)
        }
    }

    /// The sketch fixture has 480 training pictures in batches of 16: 30 batches an epoch.
    let batchesPerEpoch = 30

    func testLearnsTheSketchesAndRecordsEverySnapshotOfTheSchedule() throws {
        let out = fixture.path("runs/activations.h5")
        let accuracy = try fixture.train(fixture.config(epochs: 3), out: out)
        XCTAssertGreaterThanOrEqual(accuracy, 0.9, "4 sketch shapes, 3 epochs")
        let a = try ActivationsFile(path: out)
        let steps = try SnapshotSchedule.default.steps(batchesPerEpoch: batchesPerEpoch, epochs: 3)
        XCTAssertEqual(steps, [0, 1, 2, 4, 8, 15, 16, 23, 30, 38, 45, 53, 60, 68, 75, 83, 90])
        XCTAssertEqual(a.steps, steps.map(Int64.init))
        XCTAssertEqual(a.snapshots.map(\.imagesSeen), steps.map { Int64($0 % 30 == 0 ? $0 / 30 * 480 : $0 * 16) })
        XCTAssertEqual(a.snapshots.map(\.epoch), a.snapshots.map { Double($0.imagesSeen!) / 480 })
        XCTAssertEqual(a.snapshots.filter(\.epochEnd).map(\.step), [0, 30, 60, 90])
        XCTAssertEqual(a.trainSize, 480)
        XCTAssertEqual(a.defaultLayer, "fc1")
        XCTAssertEqual(a.classes, ["circle", "square", "triangle", "cross"])
        XCTAssertEqual(a.sampleCount, 16)
        XCTAssertEqual(Dictionary(grouping: a.labels, by: { $0 }).mapValues(\.count), [0: 4, 1: 4, 2: 4, 3: 4])
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [24]))
        XCTAssertEqual(a.imageShape, [28, 28])

        let test = try a.metric(.testAccuracy)
        for (s, snapshot) in a.snapshots.enumerated() {
            XCTAssertEqual(test[s].isFinite, snapshot.epochEnd, "the whole test split is evaluated exactly at epoch ends")
        }
        XCTAssertLessThan(test[0], 0.5, "the untrained network guesses")
        XCTAssertEqual(Double(test.last!), accuracy, accuracy: 1e-6)
        let trainLoss = try a.metric(.trainLoss), seconds = try a.metric(.seconds)
        XCTAssertTrue(trainLoss[0].isNaN, "no training before step 0")
        XCTAssertEqual(seconds[0], 0)
        XCTAssertTrue(trainLoss.dropFirst().allSatisfy { $0.isFinite && $0 > 0 })
        XCTAssertTrue(seconds.dropFirst().allSatisfy { $0 > 0 })
        XCTAssertLessThan(trainLoss.last!, trainLoss[1], "the running training loss falls")

        // Tracked loss and accuracy follow from the recorded probabilities.
        let trackedAccuracy = try a.metric(.trackedAccuracy), trackedLoss = try a.metric(.trackedLoss)
        for s in [0, 5, a.snapshotCount - 1] {
            let p = try a.probabilities(snapshot: s)
            var right = 0, loss = 0.0
            for n in 0..<16 {
                let row = Array(p[n * 4..<n * 4 + 4])
                if row.firstIndex(of: row.max()!) == Int(a.labels[n]) { right += 1 }
                loss -= log(Double(row[Int(a.labels[n])]))
            }
            XCTAssertEqual(trackedAccuracy[s], Float(right) / 16)
            XCTAssertEqual(Double(trackedLoss[s]), loss / 16, accuracy: 1e-4)
        }
        XCTAssertGreaterThan(trackedAccuracy.last!, trackedAccuracy[0])
        let fc1 = try a.activations(layer: "fc1", snapshot: a.snapshotCount - 1)
        XCTAssertTrue(fc1.allSatisfy { $0 >= 0 }, "fc1 is recorded after its ReLU")
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: out)))
    }

    func testAConvLayerBeforeAPoolIsRecordedAfterItsReLUInEverySnapshot() throws {
        // conv2's ReLU is followed by a max-pool, which the forward pass otherwise applies first
        // (its slot then holds the ReLU's input); epoch ends and the snapshots between them alike.
        let config = fixture.config(epochs: 1)
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try text.replacingOccurrences(of: #""record": ["fc1"]"#, with: #""record": ["conv2", "fc1"]"#)
            .write(toFile: config, atomically: true, encoding: .utf8)
        let out = fixture.path("conv2.h5")
        try fixture.train(config, out: out)
        let a = try ActivationsFile(path: out)
        XCTAssertTrue(a.snapshots.contains { !$0.epochEnd } && a.snapshots.contains { $0.epochEnd })
        for s in 0..<a.snapshotCount {
            let conv2 = try a.activations(layer: "conv2", snapshot: s)
            XCTAssertTrue(conv2.allSatisfy { $0 >= 0 }, "snapshot \(s): conv2 is recorded after its ReLU")
            XCTAssertTrue(conv2.contains { $0 > 0 })
        }
    }

    func testEveryEpochKeepsOneRecordPerEpoch() throws {
        let out = fixture.path("epochs.h5")
        try fixture.train(fixture.config(epochs: 2, extra: #", "snapshots": {"every": "epoch"}"#), out: out)
        let a = try ActivationsFile(path: out)
        XCTAssertEqual(a.steps, [0, 30, 60])
        XCTAssertEqual(a.snapshots.map(\.epoch), [0, 1, 2])
        XCTAssertTrue(a.snapshots.allSatisfy(\.epochEnd))
    }

    func testSameConfigSeedAndThreadsGiveIdenticalRecords() throws {
        let config = fixture.config(epochs: 1)
        try fixture.train(config, out: fixture.path("a.h5"))
        try fixture.train(config, out: fixture.path("b.h5"))
        assertSame(try contents(fixture.path("a.h5")), try contents(fixture.path("b.h5")))
    }

    func testAResumedRunEndsLikeAnUninterruptedOneWhereverTheKillLands() throws {
        let config = fixture.config(epochs: 2, optimizer: #"{"kind": "adam", "learning_rate": 0.003}"#,
                                    model: TrainingFixture.dropoutModel)
        try fixture.train(config, out: fixture.path("whole.h5"))
        let whole = try contents(fixture.path("whole.h5"))
        // Snapshots: 0, 1, 2, 4, 8, 15, 16, 23, 30, 38, …; snapshot 6 is step 16, inside epoch 1.
        let kills: [(TrainingRun.InterruptionPoint, [Int64])] = [
            (.beforeRecord(snapshot: 6), [0, 1, 2, 4, 8, 15]),          // inside an epoch, between snapshots
            (.afterRecord(snapshot: 4), [0, 1, 2, 4, 8]),                // at a snapshot
            (.afterCheckpoint(snapshot: 8), [0, 1, 2, 4, 8, 15, 16, 23]), // at an epoch end, checkpoint without its record
            (.beforeRecord(snapshot: 9), [0, 1, 2, 4, 8, 15, 16, 23, 30]), // just after an epoch end
        ]
        for (k, (point, survived)) in kills.enumerated() {
            let cut = fixture.path("cut\(k).h5")
            XCTAssertThrowsError(try fixture.train(config, out: cut, interruption: point))
            XCTAssertFalse(FileManager.default.fileExists(atPath: cut), "nothing under the final name after a kill")
            XCTAssertEqual(try ActivationsFile(path: AtomicOutput.partialPath(for: cut)).steps, survived, "\(point)")
            try fixture.train(config, out: cut, resume: true)
            assertSame(whole, try contents(cut))
        }
    }

    func testBadSchedulesNameTheKey() throws {
        let out = fixture.path("s.h5")
        func message(_ snapshots: String) -> String {
            do { try fixture.train(fixture.config(extra: #", "snapshots": "# + snapshots, name: "s.json"), out: out); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(message(#"{"every": "steps", "steps": [5, 61]}"#).contains("$.snapshots.steps[1] = 61 is past the end of training (60 steps: 2 epochs of 30 batches)"))
        XCTAssertTrue(message(#"{"every": "steps", "steps": []}"#).contains("$.snapshots.steps: is empty, so the schedule yields no snapshot"))
        XCTAssertTrue(message(#"{"every": "steps", "steps": [0]}"#).contains("$.snapshots.steps[0]: expected a step >= 1, got 0"))
        XCTAssertTrue(message(#"{"every": "schedule", "growth": 1}"#).contains("$.snapshots.growth: expected a number >= 1.1, got 1"))
        XCTAssertTrue(message(#"{"every": "sometimes"}"#).contains("$.snapshots.every: expected one of 'schedule', 'epoch', 'steps'"))
        XCTAssertTrue(message(#"{"every": "epoch", "per_epoch": 2}"#).contains("unknown key 'per_epoch'"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testResumeRefusesACheckpointFromAnotherConfig() throws {
        let out = fixture.path("x.h5")
        XCTAssertThrowsError(try fixture.train(fixture.config(epochs: 2), out: out, interruption: .afterRecord(snapshot: 3)))
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
            XCTAssertTrue(m.contains("training diverged") && m.contains("lower optimizer.learning_rate"), m)
        }
        XCTAssertEqual(try ActivationsFile(path: out).steps, [0], "the untrained record survives")
    }
}
