import Foundation
import Support
import XCTest
@testable import Render

final class StyleTests: XCTestCase {
    func load(_ json: String) throws -> Style {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let path = dir.file("style.json")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try Style.load(path)
    }

    func testShippedStylesLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let light = try Style.load(root.appendingPathComponent("configs/render/light.json").path)
        let dark = try Style.load(root.appendingPathComponent("configs/render/dark.json").path)
        let tiny = try Style.load(root.appendingPathComponent("configs/render/test-tiny.json").path)
        XCTAssertFalse(light.dark); XCTAssertTrue(dark.dark)
        XCTAssertEqual(light.width, 1920); XCTAssertEqual(tiny.width, 320)
    }

    func testValuesAreRead() throws {
        let s = try load("""
        {"width": 640, "height": 360, "theme": "dark", "point_size": 7, "easing": "cubic", "inbetween": 3,
         "colors": {"background": "#000000", "classes": ["#ff0000"]}, "panels": {"gallery": false},
         "templates": {"kind": "kind of clothing"}, "captions": {"learned": 0.9}}
        """)
        XCTAssertEqual(s.width, 640); XCTAssertTrue(s.dark); XCTAssertEqual(s.pointSize, 7)
        XCTAssertEqual(s.easing, .cubic); XCTAssertEqual(s.inbetween, 3)
        XCTAssertEqual(s.background, RGB(0, 0, 0)); XCTAssertEqual(s.classColors, [RGB(1, 0, 0)])
        XCTAssertFalse(s.panels.gallery); XCTAssertTrue(s.panels.curve)
        XCTAssertEqual(s.templates.kind, "kind of clothing"); XCTAssertEqual(s.rules.learned, 0.9)
    }

    func testBadValuesNameKeyAndValue() {
        let cases: [(String, String)] = [
            (#"{"widht": 640}"#, "widht"),
            (#"{"theme": "blue"}"#, "blue"),
            (#"{"point_alpha": 2}"#, "point_alpha"),
            (#"{"width": 641}"#, "even"),
            (#"{"colors": {"text": "red"}}"#, "red"),
            (#"{"easing": "bounce"}"#, "bounce"),
            (#"{"panels": {"galery": true}}"#, "gallery"),
        ]
        for (json, needle) in cases {
            XCTAssertThrowsError(try load(json), json) { e in
                XCTAssertTrue("\(e)".contains(needle), "\(json): \(e)")
            }
        }
    }

    func testPaletteHasDistinctColoursBeyondItsBase() {
        let colours = Palette.colors(count: 40)
        for i in 0..<colours.count { for j in (i + 1)..<colours.count { XCTAssertNotEqual(colours[i], colours[j], "\(i) \(j)") } }
        XCTAssertEqual(Palette.colors(count: 3, overrides: [RGB(1, 0, 0)])[0], RGB(1, 0, 0))
    }
}
