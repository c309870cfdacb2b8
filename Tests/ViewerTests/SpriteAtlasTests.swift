import CWebP
import Foundation
import SceneModel
import XCTest
@testable import Viewer

final class SpriteAtlasTests: XCTestCase {
    /// Decodes a WebP sheet with libwebp's decoder (independent of the encoder's settings) to
    /// RGB, after checking the RIFF container's header.
    static func decode(_ webp: Data) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let b = [UInt8](webp)
        XCTAssertEqual(Array(b[0..<4]), Array("RIFF".utf8))
        XCTAssertEqual(Int(b[4]) | Int(b[5]) << 8 | Int(b[6]) << 16 | Int(b[7]) << 24, b.count - 8, "RIFF size")
        XCTAssertEqual(Array(b[8..<12]), Array("WEBP".utf8))
        var w: Int32 = 0, h: Int32 = 0
        let out = try XCTUnwrap(WebPDecodeRGB(b, b.count, &w, &h), "libwebp decodes the sheet")
        defer { WebPFree(out) }
        return (Int(w), Int(h), Array(UnsafeBufferPointer(start: out, count: Int(w * h * 3))))
    }

    /// Each sample's stored picture cut from its documented cell on its documented sheet, as RGB.
    func cells(_ atlas: SpriteAtlas, count: Int, maxSide: Int) throws -> [[UInt8]] {
        let sheets = try atlas.sheets.map(Self.decode)
        XCTAssertEqual(sheets.count, (count + atlas.perSheet - 1) / atlas.perSheet)
        for sheet in sheets { XCTAssertLessThanOrEqual(max(sheet.width, sheet.height), maxSide) }
        return (0..<count).map { i in
            let sheet = sheets[i / atlas.perSheet], k = i % atlas.perSheet
            let x0 = (k % atlas.columns) * atlas.cellWidth, y0 = (k / atlas.columns) * atlas.cellHeight
            return (0..<atlas.height).flatMap { y in
                let start = ((y0 + y) * sheet.width + x0) * 3
                return sheet.pixels[start..<(start + atlas.width * 3)]
            }
        }
    }

    func rgb(_ t: Thumbnail) -> [UInt8] { t.channels == 3 ? t.pixels : t.pixels.flatMap { [$0, $0, $0] } }

    func noise(count: Int, width: Int, height: Int, channels: Int) -> SampleImages {
        var state: UInt64 = 1
        let pixels = (0..<(count * width * height * channels)).map { _ -> UInt8 in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        return SampleImages(height: height, width: width, channels: channels, pixels: pixels)
    }

    /// Photograph-like colour pictures: gradients and a soft disc under a little grain, the
    /// kind lossy coding is for (the grain defeats lossless coding).
    func smooth(count: Int, side: Int) -> SampleImages {
        var pixels: [UInt8] = []
        var state: UInt64 = 5
        for i in 0..<count { for y in 0..<side { for x in 0..<side {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let grain = Int(state >> 61)
            let d = Double((x - side / 2) * (x - side / 2) + (y - side / 3) * (y - side / 3)).squareRoot() / Double(side)
            let disc = max(0, 1 - 4 * d)
            pixels += [UInt8(40 + (x * 150) / side + grain), UInt8(60 + (i * 17) % 100 + Int(80 * disc) + grain),
                       UInt8(200 - (y * 120) / side + grain)]
        } } }
        return SampleImages(height: side, width: side, channels: 3, pixels: pixels)
    }

    func testSmallPicturesAreStoredExactly() throws {
        for channels in [1, 3] {
            let images = noise(count: 50, width: 7, height: 5, channels: channels)
            let atlas = try XCTUnwrap(SpriteAtlas(images, side: 112, megabytes: 10))
            XCTAssertTrue(atlas.lossless)
            XCTAssertEqual([atlas.width, atlas.height, atlas.cellWidth, atlas.cellHeight], [7, 5, 7, 5])
            XCTAssertEqual(atlas.columns, 8, "square-ish: ⌈√50⌉ columns")
            for (i, cell) in try cells(atlas, count: 50, maxSide: 2048).enumerated() {
                XCTAssertEqual(cell, rgb(images.thumbnail(i)), "sample \(i)")
            }
        }
    }

    func testLargePicturesAreAreaAveragedToTheStyleSide() throws {
        // 40×30 to within 20: 20×15, exactly the area-averaged pictures.
        let images = noise(count: 9, width: 40, height: 30, channels: 3)
        let atlas = try XCTUnwrap(SpriteAtlas(images, side: 20, megabytes: 10))
        XCTAssertEqual([atlas.width, atlas.height], [20, 15])
        XCTAssertTrue(atlas.lossless)
        for (i, cell) in try cells(atlas, count: 9, maxSide: 2048).enumerated() {
            XCTAssertEqual(cell, images.thumbnail(i).scaled(width: 20, height: 15).pixels, "sample \(i)")
        }
    }

    func testPicturesOverTheBudgetAreLossyCloseAndWithinIt() throws {
        // 200 smooth pictures of 64×64 colour: lossless they take ~2 MB; allowed 0.2 MB, they
        // are stored lossy in 16-pixel cells, within the budget, close to the originals.
        let images = smooth(count: 200, side: 64)
        let atlas = try XCTUnwrap(SpriteAtlas(images, side: 64, megabytes: 0.2))
        XCTAssertFalse(atlas.lossless)
        XCTAssertEqual(atlas.cellWidth % 16, 0); XCTAssertEqual(atlas.cellHeight % 16, 0)
        XCTAssertLessThanOrEqual(Double(atlas.sheets.reduce(0) { $0 + $1.count }) * 4 / 3, 0.2e6)
        for (i, cell) in try cells(atlas, count: 200, maxSide: 2048).enumerated() where i % 20 == 0 {
            let original = images.thumbnail(i).scaled(width: atlas.width, height: atlas.height).pixels
            let meanError = zip(cell, original).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / Double(cell.count)
            // The grain (0…7, mean deviation 2) is what lossy coding drops first.
            XCTAssertLessThan(meanError, 6, "sample \(i): mean error \(meanError) of 255")
        }
    }

    func testEvenNoiseIsMadeSmallerUntilItFits() throws {
        // Noise is the worst case for any codec: the pictures shrink until the budget holds.
        let images = noise(count: 300, width: 96, height: 64, channels: 3)
        let atlas = try XCTUnwrap(SpriteAtlas(images, side: 96, megabytes: 0.3))
        XCTAssertFalse(atlas.lossless)
        XCTAssertLessThan(atlas.width, 96)
        XCTAssertEqual(Double(atlas.height) / Double(atlas.width), 64.0 / 96, accuracy: 0.1, "aspect ratio kept")
        XCTAssertLessThanOrEqual(Double(atlas.sheets.reduce(0) { $0 + $1.count }) * 4 / 3, 0.3e6)
    }

    func testSheetsSpillWithinTheSideLimit() throws {
        let atlas = try XCTUnwrap(SpriteAtlas(noise(count: 41, width: 8, height: 8, channels: 3), side: 112, megabytes: 10, maxSide: 32))
        XCTAssertEqual(atlas.perSheet, 16)
        XCTAssertEqual(atlas.sheets.count, 3)
        _ = try cells(atlas, count: 41, maxSide: 32)
    }

    func testReferenceScaleFitsOneSheet() {
        let atlas = SpriteAtlas(SampleImages(height: 28, width: 28, channels: 1, pixels: [UInt8](repeating: 9, count: 5000 * 784)),
                                side: 112, megabytes: 12)
        XCTAssertEqual(atlas?.sheets.count, 1, "5,000 pictures of 28×28 fit one 2048-pixel sheet")
    }
}
