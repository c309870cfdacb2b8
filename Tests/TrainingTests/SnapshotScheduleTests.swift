import XCTest
import Support
@testable import Training

/// The schedule against the table the Python recorder is tested against too
/// (docs/snapshot-schedule-cases.json).
final class SnapshotScheduleTests: XCTestCase {
    func testMatchesTheSharedTableOfCases() throws {
        let table = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/snapshot-schedule-cases.json").path
        let root = try ConfigObject.load(table)
        root.accept(["description"])
        let cases = try XCTUnwrap(try root.array("cases"))
        XCTAssertGreaterThanOrEqual(cases.count, 8)
        for (k, item) in cases.enumerated() {
            let c = try ConfigObject(item, file: table, path: "$.cases[\(k)]")
            let b = try c.int("batches_per_epoch"), epochs = try c.int("epochs")
            let schedule = try SnapshotSchedule(try c.object("snapshots"))
            let expected = try c.ints("expected_steps")
            try c.finish()
            XCTAssertEqual(try schedule.steps(batchesPerEpoch: b, epochs: epochs), expected, "case \(k)")
        }
    }

    func testTheDefaultFashionMNISTRunGetsEnoughSnapshotsInsideTheFirstEpoch() throws {
        // 60,000 pictures in batches of 64: 938 batches an epoch, 3 epochs.
        let steps = try SnapshotSchedule.default.steps(batchesPerEpoch: 938, epochs: 3)
        XCTAssertTrue((20...40).contains(steps.count), "\(steps.count) snapshots")
        XCTAssertGreaterThanOrEqual(steps.filter { $0 > 0 && $0 < 938 }.count, 8)
        XCTAssertEqual(steps.filter { $0 % 938 == 0 }, [0, 938, 1876, 2814], "every epoch's end")
    }
}
