import XCTest
@testable import Render
@testable import SceneModel

final class HeldFramesTests: XCTestCase {
    func testStartsAndTheClosingCopy() {
        let held = HeldFrames(durations: [3, 1, 4])
        XCTAssertEqual(held.totalFrames, 8)
        XCTAssertTrue(held.repeatsLast)
        XCTAssertEqual(held.sentFrames, 4)
        XCTAssertEqual(held.starts, [0, 3, 4, 7])
        // N + Σ (d − 1)·gt(N, k); the last run counts one less so its copy lands on frame 7.
        XCTAssertEqual(held.setptsExpression, "N+2*gt(N,0)+2*gt(N,2)")
        for (n, start) in held.starts.enumerated() {
            XCTAssertEqual(n + 2 * (n > 0 ? 1 : 0) + 2 * (n > 2 ? 1 : 0), start)
        }
    }

    func testOneFramePicturesNeedNoTiming() {
        let held = HeldFrames(durations: [1, 1, 1])
        XCTAssertNil(held.setptsExpression)
        XCTAssertFalse(held.repeatsLast)
        XCTAssertEqual(held.starts, [0, 1, 2])
    }

    func testRunsOfAPacingCoverEveryFrameOnceAndSplitAtEveryChange() throws {
        let pacing = Pacing(titles: ["a", "b", "c"], pages: [[["x"]], [], [["y"], ["zz"]]], card: "done",
                            style: TestScenes.smallStyle(width: 320, height: 240))
        let runs = HeldFrames.runs(of: pacing)
        XCTAssertEqual(runs.first?.lowerBound, 0)
        XCTAssertEqual(runs.last?.upperBound, pacing.frames.count)
        for (a, b) in zip(runs, runs.dropFirst()) {
            XCTAssertEqual(a.upperBound, b.lowerBound)
            XCTAssertNotEqual(pacing.frames[a.lowerBound], pacing.frames[b.lowerBound])
        }
        for run in runs { XCTAssertTrue(run.allSatisfy { pacing.frames[$0] == pacing.frames[run.lowerBound] }) }
        // Every key frame and the card start a run.
        let starts = Set(runs.map(\.lowerBound))
        XCTAssertTrue(pacing.keyFrames.allSatisfy(starts.contains))
        XCTAssertTrue(starts.contains(pacing.cardFrame))
    }
}
