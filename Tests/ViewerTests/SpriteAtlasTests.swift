import CZlib
import Foundation
import SceneModel
import XCTest
@testable import Viewer

final class SpriteAtlasTests: XCTestCase {
    /// Decodes the PNGs this project writes (8-bit grey or RGB, filter 0, one or more IDATs),
    /// checking every chunk's CRC: a reader independent of the writer's code paths.
    func decode(_ png: Data) throws -> (width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        let b = [UInt8](png)
        XCTAssertEqual(Array(b[0..<8]), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func u32(_ at: Int) -> Int { Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3]) }
        var at = 8, width = 0, height = 0, channels = 0
        var idat: [UInt8] = []
        while at < b.count {
            let length = u32(at), type = String(decoding: b[(at + 4)..<(at + 8)], as: UTF8.self)
            let body = Array(b[(at + 4)..<(at + 8 + length)])
            XCTAssertEqual(UInt(crc32(0, body, uInt(body.count))), UInt(u32(at + 8 + length)), "CRC of \(type)")
            if type == "IHDR" {
                width = u32(at + 8); height = u32(at + 12)
                XCTAssertEqual(b[at + 16], 8)
                channels = b[at + 17] == 0 ? 1 : b[at + 17] == 2 ? 3 : -1
            } else if type == "IDAT" { idat += body[4...] }
            at += 12 + length
        }
        let rowBytes = width * channels
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        var size = uLong(raw.count)
        XCTAssertEqual(uncompress(&raw, &size, idat, uLong(idat.count)), Z_OK)
        XCTAssertEqual(Int(size), raw.count)
        var pixels: [UInt8] = []
        for y in 0..<height {
            XCTAssertEqual(raw[y * (rowBytes + 1)], 0, "filter None")
            pixels += raw[(y * (rowBytes + 1) + 1)..<((y + 1) * (rowBytes + 1))]
        }
        return (width, height, channels, pixels)
    }

    /// Every sample's picture is found at its documented cell, on its documented sheet.
    func checkRoundTrip(_ images: SampleImages, maxSide: Int) throws -> SpriteAtlas {
        let atlas = try XCTUnwrap(SpriteAtlas(images, maxSide: maxSide))
        let sheets = try atlas.sheets.map(decode)
        XCTAssertEqual(sheets.count, (images.count + atlas.perSheet - 1) / atlas.perSheet)
        for sheet in sheets {
            XCTAssertLessThanOrEqual(max(sheet.width, sheet.height), maxSide)
            XCTAssertEqual(sheet.channels, images.channels)
        }
        for i in 0..<images.count {
            let sheet = sheets[i / atlas.perSheet], k = i % atlas.perSheet
            let x0 = (k % atlas.columns) * images.width, y0 = (k / atlas.columns) * images.height
            var cell: [UInt8] = []
            for y in 0..<images.height {
                let start = ((y0 + y) * sheet.width + x0) * images.channels
                cell += sheet.pixels[start..<(start + images.width * images.channels)]
            }
            XCTAssertEqual(cell, images.thumbnail(i).pixels, "sample \(i)")
        }
        return atlas
    }

    func images(count: Int, side: Int, channels: Int) -> SampleImages {
        var rng = SystemRandomNumberGenerator()
        let pixels = (0..<(count * side * side * channels)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return SampleImages(height: side, width: side, channels: channels, pixels: pixels)
    }

    func testGreyPicturesOnOneSheet() throws {
        let atlas = try checkRoundTrip(images(count: 50, side: 7, channels: 1), maxSide: 4096)
        XCTAssertEqual(atlas.sheets.count, 1)
        XCTAssertEqual(atlas.columns, 8, "square-ish: ⌈√50⌉ columns")
    }

    func testColourPicturesSpillOntoMoreSheetsWithinTheSideLimit() throws {
        let atlas = try checkRoundTrip(images(count: 41, side: 8, channels: 3), maxSide: 32)
        XCTAssertEqual(atlas.perSheet, 16)
        XCTAssertEqual(atlas.sheets.count, 3)
    }

    func testReferenceScaleFitsOneSheet() {
        let atlas = SpriteAtlas(SampleImages(height: 28, width: 28, channels: 1, pixels: [UInt8](repeating: 9, count: 5000 * 784)))
        XCTAssertEqual(atlas?.sheets.count, 1, "5,000 pictures of 28×28 fit one 4096-pixel sheet")
    }

    func testPicturesLargerThanASheetAreLeftOut() {
        XCTAssertNil(SpriteAtlas(images(count: 2, side: 40, channels: 1), maxSide: 32))
    }
}
