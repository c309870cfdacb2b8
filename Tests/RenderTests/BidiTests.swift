import XCTest
@testable import Render
@testable import SceneModel

/// Right-to-left names inside left-to-right sentences (`Bidi`).
final class BidiTests: XCTestCase {
    func testRightToLeftValuesAreIsolatedAndOthersLeftAlone() {
        XCTAssertEqual(Templates.fill("took for {class} {n} times", ["class": "قميص", "n": "3"]), "took for \u{2068}قميص\u{2069} 3 times")
        XCTAssertEqual(Templates.fill("took for {class} {n} times", ["class": "שמלה", "n": "3"]), "took for \u{2068}שמלה\u{2069} 3 times")
        XCTAssertEqual(Templates.fill("took for {class} {n} times", ["class": "シャツ", "n": "3"]), "took for シャツ 3 times")
        XCTAssertEqual(Templates.fill("{class}: {n}", ["class": "Shirt", "n": "3"]), "Shirt: 3")
    }

    func testTheParagraphTakesTheDirectionOfItsFirstStrongCharacterOutsideIsolates() {
        XCTAssertFalse(Bidi.isRightToLeftParagraph("\u{2068}قميص\u{2069} got better."))
        XCTAssertTrue(Bidi.isRightToLeftParagraph("قميص got better."))
        XCTAssertTrue(Bidi.isRightToLeftParagraph("12 % قميص"), "digits and signs are not strong")
        XCTAssertFalse(Bidi.isRightToLeftParagraph("シャツ \u{2068}قميص\u{2069}"))
        XCTAssertFalse(Bidi.isRightToLeftParagraph("\u{2068}قميص\u{2069} 12 %"), "nothing strong outside the isolate: left to right")
        XCTAssertFalse(Bidi.isRightToLeftParagraph(""))
    }

    /// Drawn, an English sentence that begins with an Arabic name starts with that name at its
    /// left edge (laid out right to left it would start with the full stop), and a number after
    /// the name stays after it.
    func testAnEnglishSentenceBeginningWithAnArabicNameReadsLeftToRight() throws {
        let scene = Scene(input: try TestScenes.manyClasses(3), style: TestScenes.smallStyle(width: 960, height: 540))
        let r = try FrameRenderer(scene: scene)
        let band = Rect(x: 0, y: 0, width: 960, height: 80)
        /// Which columns of the band hold ink, for `s` drawn at its left.
        func ink(_ s: String) -> [Bool] {
            r.fillRect(band, RGB(1, 1, 1))
            r.text(s, x: 10, y: 20, size: 30, color: RGB(0, 0, 0), in: band)
            return (0..<960).map { x in (0..<80).contains { y in r.pixel(x, y).r < 128 } }
        }
        let name = ink("قميص"), sentence = ink(Templates.fill("{class} got better.", ["class": "قميص"]))
        let end = try XCTUnwrap(name.lastIndex(of: true)) + 1
        XCTAssertEqual(Array(sentence[..<end]), Array(name[..<end]), "the sentence begins with the name")
        XCTAssertTrue(sentence[(end + 2)...].contains(true), "and goes on after it")
        let number = ink(Templates.fill("for {class} {n}", ["class": "قميص", "n": "3"]))
        let forName = ink("for قميص")
        let nameEnd = try XCTUnwrap(forName.lastIndex(of: true)) + 1
        XCTAssertEqual(Array(number[..<nameEnd]), Array(forName[..<nameEnd]), "the 3 comes after the name, not between")
    }
}
