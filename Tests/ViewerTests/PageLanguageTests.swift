import Foundation
import SceneModel
import Support
import XCTest
@testable import Viewer

/// The page speaks the style's language, its own buttons and labels included, and names what a
/// class is as the activations file says.
final class PageLanguageTests: XCTestCase {
    let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Viewer/Page")

    func style(_ json: String) throws -> Style {
        try Style.parse(ConfigObject(JSONParser.parse(json, source: "style.json"), file: "style.json"))
    }

    /// The page's own words (`W`), as the page's script reads them.
    func pageWords(_ html: String) throws -> JSONValue {
        let open = #"<script type="application/json" id="words">"#
        let start = try XCTUnwrap(html.range(of: open)), end = try XCTUnwrap(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        return try JSONParser.parse(String(html[start.upperBound..<end.lowerBound]), source: "words")
    }

    func first(_ v: JSONValue?) -> JSONValue? { if case .array(let a)? = v { return a.first }; return nil }
    func second(_ v: JSONValue?) -> JSONValue? { if case .array(let a)? = v, a.count > 1 { return a[1] }; return nil }

    func testAJapanesePageShowsJapaneseWordsOnly() throws {
        var input = try ViewerFixtures.input()
        input.subject = "服の種類"
        let scene = Scene(input: input, style: try style(#"{"language": "ja"}"#))
        let html = try InteractivePage.html(scene: scene)
        XCTAssertTrue(html.contains(#"<html lang="ja">"#))
        XCTAssertTrue(html.contains("<title>ネットワークが学ぶ様子：タイムラプス</title>"))
        XCTAssertTrue(html.contains(#"<button id="play" type="button" aria-keyshortcuts="Space">再生</button>"#))
        XCTAssertTrue(html.contains("服の種類をクリックするとその点だけを表示し"), "the table's hint names the subject")
        let w = try pageWords(html)
        XCTAssertEqual(w["play"], .string("再生"))
        // The script sets the kind and the name apart itself (each in its own direction).
        XCTAssertEqual(w["truth"], .string("正しい{kind}：{name}"))
        let data = try JSONParser.parse(PageData(scene: scene).scriptText, source: "data")
        XCTAssertEqual(data["kind"], .string("服の種類"))
        guard case .string(let title)? = first(data["titles"]), case .string(let key)? = second(first(data["key"])),
              case .string(let table)? = data["words"]?["tableTitle"] else { return XCTFail("no title, key or table title") }
        XCTAssertTrue(title.hasPrefix("練習前：正解率"), title)
        XCTAssertEqual(key, "服の種類の色：正解")
        XCTAssertEqual(table, "いまの結果（服の種類別）")
        XCTAssertEqual(data["words"]?["decimal"], .string("."))
        // No English word of the page's own is left.
        for english in ["Play", "Speed", "Show only mistakes", "What happened", "Moment:", "Keys:", "True kind"] {
            XCTAssertFalse(html.contains(">" + english) || html.contains("\"" + english), english)
        }
    }

    func testTheRecordedSubjectIsOnThePage() throws {
        var input = try ViewerFixtures.input()
        input.subject = "digit"
        let scene = Scene(input: input, style: Style())
        let html = try InteractivePage.html(scene: scene)
        XCTAssertEqual(try pageWords(html)["truth"], .string("True {kind}: {name}"))
        XCTAssertTrue(html.contains("Click a digit to show only its dots"))
        let data = try JSONParser.parse(PageData(scene: scene).scriptText, source: "data")
        XCTAssertEqual(data["kind"], .string("digit"))
        XCTAssertEqual(second(first(data["key"])), .string("Colour of its digit: named right"))
        XCTAssertEqual(data["words"]?["tableTitle"], .string("Right now, by digit"))
        XCTAssertEqual(first(first(data["captions"])), .string("Watch the pictures sort themselves by digit as the network practises."))
    }

    /// Every `page_*` template is used by the page (in its markup, or by its script as `W.name`),
    /// and the page's markup names no other placeholder than those the page fills.
    func testEveryPageTemplateIsUsedByThePage() throws {
        let html = try String(contentsOf: page.appendingPathComponent("page.html"), encoding: .utf8)
        let js = try String(contentsOf: page.appendingPathComponent("page.js"), encoding: .utf8)
        for entry in Templates.entries where entry.key.hasPrefix("page_") {
            XCTAssertTrue(html.contains("{{\(entry.key)}}") || js.contains("W.\(PageWords.scriptName(entry.key))"), entry.key)
        }
        XCTAssertEqual(PageWords.scriptName("page_guess_right"), "guessRight")
        XCTAssertEqual(PageWords.escaped(#"<b class="x">Tom & 'Jerry'</b>"#), "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt;")
    }

    /// Words a style or language file gives cannot close the page's script element or break out
    /// of an attribute.
    func testPageWordsCannotBreakThePage() throws {
        let scene = Scene(input: try ViewerFixtures.input(),
                          style: try style(##"{"templates": {"page_play": "</script><b>", "page_map_label": "\"><i>"}}"##))
        let html = try InteractivePage.html(scene: scene)
        XCTAssertFalse(html.contains("</script><b>"))
        XCTAssertFalse(html.contains("\"><i>"))
        XCTAssertEqual(try pageWords(html)["play"], .string("</script><b>"))
    }
}
