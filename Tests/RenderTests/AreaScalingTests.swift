import SceneModel
import XCTest

/// The pictures' downscaling filter against sums worked out by hand.
final class AreaScalingTests: XCTestCase {
    func testWholeBlocksAreTheirMean() {
        // 8×4 grey, value 10·x + y; to 2×1: each output is the mean of a 4×4 block.
        let pixels = (0..<4).flatMap { y in (0..<8).map { x in UInt8(10 * x + y) } }
        let out = Thumbnail(width: 8, height: 4, channels: 1, pixels: pixels).scaled(width: 2, height: 1)
        // Block 0: mean x 1.5, mean y 1.5 → 16.5 → 17 (rounded half up); block 1: x 5.5 → 56.5 → 57.
        XCTAssertEqual(out.pixels, [17, 57])
        XCTAssertEqual(out.width, 2); XCTAssertEqual(out.height, 1)
    }

    func testFractionalCoverageWeighsByArea() {
        // 3 → 2 columns: output 0 covers input [0, 1.5): (a + b/2) / 1.5, output 1 covers [1.5, 3).
        let row: [UInt8] = [30, 90, 210]
        let out = Thumbnail(width: 3, height: 1, channels: 1, pixels: row).scaled(width: 2, height: 1)
        XCTAssertEqual(out.pixels, [UInt8(((30 + 45) / 1.5).rounded()), UInt8(((45 + 210) / 1.5).rounded())])
    }

    func testChannelsStayApartAndAFlatPictureStaysFlat() {
        // 6×6 RGB, red 200, green a checkerboard of 0/255, blue 7: to 3×3 every 2×2 block has two of each green.
        var pixels: [UInt8] = []
        for y in 0..<6 { for x in 0..<6 { pixels += [200, (x + y) % 2 == 0 ? 255 : 0, 7] } }
        let out = Thumbnail(width: 6, height: 6, channels: 3, pixels: pixels).scaled(width: 3, height: 3)
        XCTAssertEqual(out.pixels, [UInt8]([200, 128, 7]).repeated(9), "128 = round(127.5); nearest sampling would give 255 or 0")
    }

    func testAllSamplesScaleAsEachAlone() {
        let n = 70, w = 13, h = 9
        let pixels = (0..<(n * w * h * 3)).map { (k: Int) -> UInt8 in UInt8((k * 37 + k / 5) % 256) }
        let all = SampleImages(height: h, width: w, channels: 3, pixels: pixels).scaled(width: 5, height: 4)
        XCTAssertEqual(all.count, n)
        for i in [0, 1, 33, 69] {
            XCTAssertEqual(all.thumbnail(i), SampleImages(height: h, width: w, channels: 3, pixels: pixels).thumbnail(i).scaled(width: 5, height: 4))
        }
    }

    func testFittingKeepsTheAspectAndNeverEnlarges() {
        XCTAssertEqual(AreaScaling.fitted(width: 224, height: 224, within: 112) == (112, 112), true)
        XCTAssertEqual(AreaScaling.fitted(width: 300, height: 100, within: 60) == (60, 20), true)
        XCTAssertEqual(AreaScaling.fitted(width: 40, height: 400, within: 100) == (10, 100), true)
        XCTAssertEqual(AreaScaling.fitted(width: 28, height: 28, within: 112) == (28, 28), true)
        XCTAssertEqual(AreaScaling.fitted(width: 1000, height: 1, within: 10) == (10, 1), true)
    }
}

private extension Array {
    func repeated(_ n: Int) -> [Element] { (0..<n).flatMap { _ in self } }
}
