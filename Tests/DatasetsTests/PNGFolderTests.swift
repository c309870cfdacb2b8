import CCairo
import Support
import XCTest
@testable import Datasets

final class PNGFolderTests: XCTestCase {
    /// An 8×8 PNG: black, with the left half painted (r, g, b).
    func writePNG(_ path: String, r: Double, g: Double, b: Double) {
        let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 8, 8)
        let cr = cairo_create(s)
        cairo_set_source_rgb(cr, 0, 0, 0); cairo_paint(cr)
        cairo_set_source_rgb(cr, r, g, b); cairo_rectangle(cr, 0, 0, 4, 8); cairo_fill(cr)
        cairo_surface_write_to_png(s, path)
        cairo_destroy(cr); cairo_surface_destroy(s)
    }

    func testFoldersBecomeClassesResizedToGray() throws {
        let dir = try temporaryDirectory(self)
        for (name, color) in [("red", (1.0, 0.0, 0.0)), ("white", (1.0, 1.0, 1.0))] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            for k in 0..<5 { writePNG("\(dir)/\(name)/\(k).png", r: color.0, g: color.1, b: color.2) }
        }
        try write(Array("not an image".utf8), to: "\(dir)/white/readme.txt")
        let data = try PNGFolderSource(directory: dir, height: 4, width: 4, testFraction: 0.4, seed: 1).load()
        XCTAssertEqual(data.classNames, ["red", "white"])
        XCTAssertEqual(data.train.classCounts, [3, 3])
        XCTAssertEqual(data.test.classCounts, [2, 2])
        for i in 0..<data.train.count {
            let img = Array(data.train.image(i))
            let left = data.train.labels[i] == 0 ? 76 : 255   // 0.299 · 255 for pure red
            XCTAssertEqual(img.map(Int.init), [Int]((0..<4).flatMap { _ in [left, left, 0, 0] }))
        }
        let inverted = try PNGFolderSource(directory: dir, height: 4, width: 4, invert: true).load()
        XCTAssertEqual(inverted.test.image(0).last, 255)
    }

    func testUnreadablePNGNamesTheFile() throws {
        let dir = try temporaryDirectory(self)
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: "\(dir)/\(name)", withIntermediateDirectories: true)
            for k in 0..<2 { try write(Array("broken".utf8), to: "\(dir)/\(name)/\(k).png") }
        }
        XCTAssertThrowsError(try PNGFolderSource(directory: dir).load()) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains(".png: not a PNG image (no PNG signature and IHDR header)"), "\(e)")
        }
    }
}
