import Foundation
import Support
import XCTest
@testable import Render
@testable import SceneModel

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
         "templates": {"kind": "kind of clothing"}, "captions": {"learned": 0.9}, "reading_cps": 12}
        """)
        XCTAssertEqual(s.width, 640); XCTAssertTrue(s.dark); XCTAssertEqual(s.pointSize, 7)
        XCTAssertEqual(s.easing, .cubic); XCTAssertEqual(s.inbetween, 3)
        XCTAssertEqual(s.background, RGB(0, 0, 0)); XCTAssertEqual(s.classColors, [RGB(1, 0, 0)])
        XCTAssertFalse(s.panels[.gallery]); XCTAssertTrue(s.panels[.curve])
        XCTAssertEqual(s.templates.kind, "kind of clothing"); XCTAssertEqual(s.rules.learned, 0.9); XCTAssertEqual(s.readingCPS, 12)
    }

    /// One list of panels: each switchable panel has its style key, a frame paints the panels in
    /// `Panel.allCases` order, and turning one off takes exactly that one out (and its room).
    func testPanelsArePaintedInTheRegistrysOrderAndEachTurnsOffAlone() throws {
        let switchable = Panel.allCases.filter(\.switchable)
        XCTAssertEqual(Panels.keys.map(\.key), ["class_progress"] + switchable.map(\.rawValue) + ["guide"])
        let input = try TestScenes.story()
        func painted(_ panels: String, card: Bool = false) throws -> (Scene, [Panel]) {
            let style = try load(#"{"width": 960, "height": 540, "panels": {\#(panels)}}"#)
            let scene = Scene(input: input, style: style)
            let r = try FrameRenderer(scene: scene)
            r.draw(scene.pacing.frames[card ? scene.pacing.cardFrame : scene.pacing.keyFrames[3]])
            return (scene, r.painted)
        }
        let (_, all) = try painted(#""details": true"#)
        XCTAssertEqual(all, Panel.allCases.filter { $0 != .card })
        let (_, closing) = try painted("", card: true)
        XCTAssertEqual(closing, Panel.allCases.filter { ![.mark, .table, .curve, .details].contains($0) })
        for panel in switchable {
            let (scene, shown) = try painted(panel == .details ? #""details": false"# : #""details": true, "\#(panel.rawValue)": false"#)
            XCTAssertEqual(shown, all.filter { $0 != panel }, panel.rawValue)
            if panel != .labels { XCTAssertEqual(scene.layout.rect(panel).height, 0, panel.rawValue) }
        }
    }

    func testBadValuesNameKeyAndValue() {
        let cases: [(String, String)] = [
            (##"{"widht": 640}"##, "widht"),
            (##"{"theme": "blue"}"##, "blue"),
            (##"{"point_alpha": 2}"##, "point_alpha"),
            (##"{"width": 641}"##, "$.width: must be even"),
            (##"{"height": 361}"##, "$.height: must be even"),
            (##"{"colors": {"text": "red"}}"##, "red"),
            (##"{"colors": {"text": "#+12345"}}"##, "$.colors.text: expected a colour like"),
            (##"{"colors": {"classes": ["#12345"]}}"##, "#12345"),
            (##"{"colors": {"muted": "# 12345"}}"##, "# 12345"),
            (##"{"easing": "bounce"}"##, "bounce"),
            (##"{"panels": {"galery": true}}"##, "gallery"),
            (##"{"reading_cps": 0}"##, "$.reading_cps: expected a number > 0, got 0"),
            (##"{"reading_cps": -3}"##, "$.reading_cps: expected a number > 0"),
            (##"{"templates": {"title": "After {when}: {acuracy} right"}}"##,
             "$.templates.title: unknown placeholder {acuracy} in \"After {when}: {acuracy} right\"; valid here: {when}, {accuracy}"),
            (##"{"templates": {"curve_title": "Hello {kind}"}}"##, "$.templates.curve_title: unknown placeholder {kind}"),
            (##"{"language": "xx"}"##, "$.language: no shipped language 'xx' (shipped: en, ja)"),
            (##"{"language": "ja", "language_file": "fr.json"}"##, "$.language_file: give either language"),
            (##"{"language_file": "no-such-language.json"}"##, "no-such-language.json: cannot read the file"),
        ]
        for (json, needle) in cases {
            XCTAssertThrowsError(try load(json), json) { e in
                XCTAssertTrue("\(e)".contains(needle), "\(json): \(e)")
                XCTAssertEqual((e as? ToolError)?.kind, .badInput)
            }
        }
    }

    func testEveryDefaultTemplateUsesOnlyItsPlaceholdersAndFillReplacesThem() {
        let t = Templates()
        for entry in Templates.entries {
            for name in Templates.placeholders(in: t[keyPath: entry.field]) {
                XCTAssertTrue(entry.placeholders.contains(name), "\(entry.key): {\(name)}")
            }
        }
        XCTAssertEqual(Set(Templates.entries.map(\.key)).count, Templates.entries.count)
        XCTAssertEqual(Templates.fill("{a} and {b}{c", ["a": "1", "b": "2"]), "1 and 2{c")
        XCTAssertEqual(t.number(3200), "3,200"); XCTAssertEqual(t.number(60_000), "60,000"); XCTAssertEqual(t.number(999), "999")
        XCTAssertEqual(t.number(1_234_567), "1,234,567")
        XCTAssertEqual(t.finePercent(0.0341), "3.4 %"); XCTAssertEqual(t.finePercent(0.05), "5 %"); XCTAssertEqual(t.finePercent(0.25), "25 %")
        XCTAssertEqual(t.list(["a", "b", "c"]), "a, b and c"); XCTAssertEqual(t.list(["a"]), "a")
    }

    /// The style is read anywhere (the page, `timelapse schemas`); its font is checked against
    /// fontconfig only where frames are drawn.
    func testInstalledFontIsAcceptedAndAMissingOneIsRefusedAtRenderTime() throws {
        XCTAssertNil(FontMatch.problem(family: "DejaVu Sans"))
        XCTAssertNil(FontMatch.problem(family: "dejavu sans"))
        XCTAssertEqual(try load(#"{"font": "DejaVu Sans"}"#).font, "DejaVu Sans")
        let style = try load(#"{"font": "No Such Font Family 42"}"#)
        XCTAssertThrowsError(try VideoRenderer(scene: Scene(input: TestScenes.manyClasses(3), style: style))) { e in
            XCTAssertTrue("\(e)".hasPrefix("style: font: fontconfig has no font \"No Such Font Family 42\" and would use"), "\(e)")
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
        }
    }

    /// A frame too small for a readable map is refused; a large class count never is: the
    /// table shows what fits and sums up the rest in one row.
    func testFramesTooSmallForTheMapAreRefusedButAnyClassCountFits() throws {
        var style = Style()
        let tiny = try TestScenes.manyClasses(3)
        style.width = 320; style.height = 240
        XCTAssertNoThrow(try VideoRenderer(scene: Scene(input: tiny, style: style)))
        style.width = 400; style.height = 120
        XCTAssertThrowsError(try VideoRenderer(scene: Scene(input: tiny, style: style))) { e in
            XCTAssertTrue("\(e)".contains("is too small for the panels: text would be smaller than 6 pixels"), "\(e)")
        }
        style.width = 1280; style.height = 720
        for count in [20, 100, 1000] {
            let scene = Scene(input: try TestScenes.manyClasses(count), style: style)
            XCTAssertNoThrow(try VideoRenderer(scene: scene), "\(count)")
            let r = try FrameRenderer(scene: scene)
            r.draw(scene.pacing.frames[scene.pacing.keyFrames[1]])
            let room = scene.layout.tableRoom(panels: style.panels)
            let rows = r.texts.filter { t in scene.input.classes.contains { t.text.hasPrefix($0) } && scene.layout.classes.contains(t.box) }
            XCTAssertEqual(rows.count, min(count, room - 1), "\(count) classes")
            let rest = r.texts.filter { $0.text.hasPrefix("… and ") }
            XCTAssertEqual(rest.count, count > room ? 1 : 0)
            if count > room { XCTAssertEqual(rest.first?.text.hasPrefix("… and \(scene.words.number(count - room + 1)) more: "), true, rest.first?.text ?? "") }
        }
    }

    /// The palettes: every pair of the 10 colours at least 18 apart in CIEDE2000 for normal
    /// vision and 11 apart after a deuteranopia or protanopia simulation, and every colour at
    /// least 3:1 contrast with its theme's background.
    func testPaletteColoursAreDistinctForCommonColourVisionAndStandOutOnTheirTheme() {
        for (palette, theme) in [(Palette.light, Style()), (Palette.dark, Style.dark)] {
            XCTAssertEqual(palette.count, 10)
            for vision in ColourScience.Vision.allCases {
                let minimum = vision == .normal ? 18.0 : 11.0
                let seen = palette.map { ColourScience.simulate($0, vision) }
                for i in 0..<seen.count { for j in (i + 1)..<seen.count {
                    let d = ColourScience.difference(seen[i], seen[j])
                    XCTAssertGreaterThanOrEqual(d, minimum, "\(vision) \(palette[i].hex) \(palette[j].hex)")
                } }
            }
            for c in palette { XCTAssertGreaterThanOrEqual(ColourScience.contrast(c, theme.background), 3, c.hex) }
        }
    }

    /// CIEDE2000 against test pairs published with the formula (Sharma, Wu & Dalal 2005,
    /// table 1: pairs 1, 7, 17, 25), and sRGB → Lab against known values.
    func testCIEDE2000MatchesPublishedPairs() {
        let pairs: [((Double, Double, Double), (Double, Double, Double), Double)] = [
            ((50, 2.6772, -79.7751), (50, 0, -82.7485), 2.0425),
            ((50, 0, 0), (50, -1, 2), 2.3669),
            ((50, 2.5, 0), (73, 25, -18), 27.1492),
            ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
        ]
        for (x, y, expected) in pairs {
            XCTAssertEqual(ColourScience.difference(lab: x, y), expected, accuracy: 0.0001)
            XCTAssertEqual(ColourScience.difference(lab: y, x), expected, accuracy: 0.0001)
        }
        let red = ColourScience.lab(RGB(1, 0, 0))
        XCTAssertEqual(red.l, 53.24, accuracy: 0.01); XCTAssertEqual(red.a, 80.09, accuracy: 0.02); XCTAssertEqual(red.b, 67.20, accuracy: 0.02)
        XCTAssertEqual(ColourScience.difference(RGB(0, 0, 0), RGB(1, 1, 1)), 100, accuracy: 0.01)
        XCTAssertEqual(ColourScience.contrast(RGB(1, 1, 1), RGB(0, 0, 0)), 21, accuracy: 1e-9)
        // Deuteranopia draws a red and an olive together; normal vision keeps them apart.
        let (r, g) = (RGB(0.8, 0.3, 0.2), RGB(0.5, 0.5, 0.2))
        XCTAssertLessThan(ColourScience.difference(ColourScience.simulate(r, .deuteranopia), ColourScience.simulate(g, .deuteranopia)),
                          ColourScience.difference(r, g) / 2)
    }

    func testPaletteHasDistinctColoursBeyondItsBase() {
        for dark in [false, true] {
            let colours = Palette.colors(count: 40, dark: dark)
            for i in 0..<colours.count { for j in (i + 1)..<colours.count { XCTAssertNotEqual(colours[i], colours[j], "\(i) \(j)") } }
        }
        XCTAssertEqual(Palette.colors(count: 3, dark: false, overrides: [RGB(1, 0, 0)])[0], RGB(1, 0, 0))
    }
}
