import Support
import XCTest
@testable import Render
@testable import SceneModel

/// Text in any script: every text on a frame is laid out by Pango with fontconfig's fallback, and
/// a character no installed font has is refused before drawing, never drawn as a box.
final class TextTests: XCTestCase {
    static let worldNames = ["シャツ", "ズボン", "قميص", "بنطال", "कमीज़", "पतलून"]

    func testJapaneseArabicAndHindiNamesHaveEveryGlyph() throws {
        let scene = Scene(input: try TestScenes.manyClasses(6, names: Self.worldNames), style: TestScenes.smallStyle(width: 960, height: 540))
        XCTAssertNoThrow(try VideoRenderer(scene: scene))
        let texts = try TestScenes.keyFrameTexts(scene)
        for t in texts {
            XCTAssertEqual(t.unknownGlyphs, 0, "'\(t.text)' has boxes")
            XCTAssertGreaterThan(t.box.width, 0, t.text)
        }
        let drawn = Set(texts.map(\.text))
        for name in Self.worldNames {
            XCTAssertTrue(drawn.contains { $0.contains(name) }, "\(name) is never drawn")
        }
    }

    /// The same names without fallback would be boxes: DejaVu Sans has no kana or Devanagari, so
    /// the test above passes only because Pango found other fonts.
    func testTheStyleFontAloneLacksTheseScriptsSoFallbackIsWhatDrawsThem() throws {
        XCTAssertNil(FontMatch.problem(family: "DejaVu Sans"))
        let scene = Scene(input: try TestScenes.manyClasses(6, names: Self.worldNames), style: TestScenes.smallStyle())
        let setter = try FrameRenderer(scene: scene).setter
        for name in Self.worldNames { XCTAssertEqual(setter.missingCharacters(name), [], name) }
        // A plane-16 private-use character is in no installed font.
        XCTAssertEqual(setter.missingCharacters("Shirt \u{10FFFD}"), ["\u{10FFFD}"])
    }

    func testACharacterNoFontHasIsABadInputNamingTheTextAndTheFont() throws {
        let names = ["Coat", "Odd \u{10FFFD} kind", "Bag"]
        let scene = Scene(input: try TestScenes.manyClasses(3, names: names), style: TestScenes.smallStyle())
        XCTAssertThrowsError(try VideoRenderer(scene: scene)) { e in
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
            XCTAssertTrue("\(e)".contains("U+10FFFD in \"Odd \u{10FFFD} kind\""), "\(e)")
            XCTAssertTrue("\(e)".contains("font \"DejaVu Sans\""), "\(e)")
        }
    }

    /// Right-to-left text is shaped, not drawn letter by letter: Arabic letters join, so the
    /// word is narrower than its letters set one by one in isolation.
    func testArabicIsShapedIntoJoinedForms() throws {
        let scene = Scene(input: try TestScenes.manyClasses(3), style: TestScenes.smallStyle())
        let setter = try FrameRenderer(scene: scene).setter
        let word = "بنطال"
        let whole = setter.set(word, size: 40, bold: false).width
        let apart = word.map { setter.set(String($0), size: 40, bold: false).width }.reduce(0, +)
        XCTAssertLessThan(whole, apart * 0.97)
    }
}
