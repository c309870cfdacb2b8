import XCTest
@testable import Render
@testable import SceneModel

/// Pictures of any size and shape in the frames: fitted with their aspect ratio, and large ones
/// area-averaged to the drawn pixels.
final class ThumbnailFrameTests: XCTestCase {
    /// `TestScenes.clusters` with every sample's picture replaced by `pixel(x, y)` (RGB) of `width × height`.
    func renderer(width: Int, height: Int, _ pixel: (Int, Int) -> [UInt8]) throws -> FrameRenderer {
        var input = try TestScenes.clusters(perClass: 4)
        let one = (0..<height).flatMap { y in (0..<width).flatMap { x in pixel(x, y) } }
        input.images = SampleImages(height: height, width: width, channels: 3,
                                    pixels: (0..<input.sampleCount).flatMap { _ in one })
        let r = try FrameRenderer(scene: Scene(input: input, style: TestScenes.smallStyle()))
        r.draw(FrameTime(from: 0, t: 0))
        return r
    }

    func testAWidePictureKeepsItsShapeInsideItsSquare() throws {
        // 60×20: red left half, blue right half; drawn into a 30-pixel square at (100, 100) it is
        // 30×10 at (100, 110), halved exactly, with the square's rows above and below untouched.
        let r = try renderer(width: 60, height: 20) { x, _ in x < 30 ? [220, 20, 30] : [10, 40, 200] }
        let before = r.pixel(110, 103)
        r.drawThumbnail(0, x: 100, y: 100, side: 30, border: RGB(0, 0, 0))
        XCTAssertTrue(r.pixel(107, 115) == (220, 20, 30), "\(r.pixel(107, 115))")
        XCTAssertTrue(r.pixel(122, 115) == (10, 40, 200), "\(r.pixel(122, 115))")
        XCTAssertTrue(r.pixel(110, 103) == before, "the letterbox is not painted")
    }

    func testALargePictureIsAreaAveragedNotSampled() throws {
        // 200×200 of one-pixel green stripes (255, 0, 255, …) drawn 50 pixels wide: each drawn
        // pixel covers 4 stripes, so it is exactly mid-green; sampling would give 255 or 0.
        let r = try renderer(width: 200, height: 200) { x, _ in [40, x % 2 == 0 ? 255 : 0, 90] }
        r.drawThumbnail(1, x: 300.4, y: 100.6, side: 50, border: RGB(0, 0, 0))
        for (x, y) in [(305, 110), (320, 130), (340, 140)] {
            XCTAssertTrue(r.pixel(x, y) == (40, 128, 90), "(\(x), \(y)): \(r.pixel(x, y))")
        }
    }

    func testATallPictureIsCentredAcross() throws {
        // 10×40 white drawn into a 20 square: 5×20 at x 107.5…112.5; far columns stay background.
        let r = try renderer(width: 10, height: 40) { _, _ in [255, 255, 255] }
        let left = r.pixel(102, 70)
        r.drawThumbnail(2, x: 100, y: 60, side: 20, border: RGB(1, 1, 1))
        XCTAssertTrue(r.pixel(110, 70) == (255, 255, 255))
        XCTAssertTrue(r.pixel(102, 70) == left, "outside the picture's width")
    }
}
