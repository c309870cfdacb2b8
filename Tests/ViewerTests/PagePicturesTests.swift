import Foundation
import SceneModel
import Support
import XCTest
@testable import Viewer

/// The page's pictures: any shape lands in the page as the file has it, and colour pictures of
/// any size keep the page within its size.
final class PagePicturesTests: XCTestCase {
    /// The fixture's samples with `images` instead of its pictures.
    func scene(_ images: SampleImages, style: Style = Style()) throws -> Scene {
        var input = try ViewerFixtures.input()
        input.images = images
        return Scene(input: input, style: style)
    }

    func atlas(_ scene: Scene) throws -> JSONValue {
        try XCTUnwrap(JSONParser.parse(PageData(scene: scene).scriptText, source: "page data")["atlas"])
    }

    func testWidePicturesArriveWhole() throws {
        // 60 pictures of 30×12 RGB whose pixel (x, y) of sample i is (i, x·8, y·20).
        let (w, h) = (30, 12)
        var pixels: [UInt8] = []
        for i in 0..<60 { for y in 0..<h { for x in 0..<w { pixels += [UInt8(i), UInt8(x * 8), UInt8(y * 20)] } } }
        let a = try atlas(scene(SampleImages(height: h, width: w, channels: 3, pixels: pixels)))
        guard case .number(let width)? = a["width"], case .number(let height)? = a["height"],
              case .number(let columns)? = a["columns"], case .number(let cellWidth)? = a["cellWidth"],
              case .bool(true)? = a["lossless"], case .array(let sheets)? = a["sheets"],
              case .string(let url) = sheets[0] else { return XCTFail("atlas \(a)") }
        XCTAssertEqual([width, height], [30, 12])
        let prefix = "data:image/webp;base64,"
        XCTAssertTrue(url.hasPrefix(prefix))
        let sheet = try SpriteAtlasTests.decode(try XCTUnwrap(Data(base64Encoded: String(url.dropFirst(prefix.count)))))
        for i in [0, 7, 59] {
            let x0 = (i % Int(columns)) * Int(cellWidth), y0 = (i / Int(columns)) * h
            for (x, y) in [(0, 0), (29, 0), (13, 11)] {
                let at = ((y0 + y) * sheet.width + x0 + x) * 3
                XCTAssertEqual(Array(sheet.pixels[at..<(at + 3)]), [UInt8(i), UInt8(x * 8), UInt8(y * 20)], "sample \(i) at (\(x), \(y))")
            }
        }
    }

    func testColourPicturesKeepThePageUnderTwentyMegabytesAtFiveThousand() throws {
        // 60 noise pictures of 160×160 colour (noise: the worst case for the codec) with the
        // default style's budget cut to this page's share of 5,000 pictures; the page's bytes
        // per picture, fixed parts included, times 5,000 stay under 20 MB.
        let n = 60, side = 160
        var state: UInt64 = 3
        let pixels = (0..<(n * side * side * 3)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        var style = Style()
        style.pagePictureMegabytes *= Double(n) / 5000
        let pictures = try InteractivePage.html(scene: scene(SampleImages(height: side, width: side, channels: 3, pixels: pixels), style: style))
        let none = try InteractivePage.html(scene: scene(SampleImages(height: side, width: side, channels: 3, pixels: []), style: style))
        let perPicture = Double(pictures.utf8.count - none.utf8.count) / Double(n)
        // The page without pictures, plus 5,000 pictures, plus 5,000 samples' coordinates and
        // guesses over 23 snapshots (5 bytes each, 4/3 for base64).
        let estimate = Double(none.utf8.count) + 5000 * perPicture + 5000 * 23 * 5 * 4 / 3
        XCTAssertLessThanOrEqual(estimate, 20e6, "\(perPicture) bytes a picture")
    }
}
