import Foundation
import Support
import XCTest
@testable import Render
@testable import SceneModel

/// Words in the viewer's language: every word comes from a language file, the style's
/// `language` chooses it, and a file's `subject` names what a class is.
final class LanguageTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    func style(_ json: String) throws -> Style {
        let path = dir.file("style.json")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try Style.load(path)
    }

    /// A language file of English's words with some replaced, written into the test folder.
    func languageFile(_ name: String, code: String = "de", readingCPS: Double = 13, replacing: [String: String]) throws -> String {
        var templates = Language.english.templates
        for entry in Templates.entries { if let text = replacing[entry.key] { templates[keyPath: entry.field] = text } }
        let pairs = Templates.entries.map { ($0.key, JSONValue.string(templates[keyPath: $0.field])) }
        let json = JSONValue.object([("language", .string(code)), ("reading_cps", .number(readingCPS)), ("templates", .object(pairs))])
        let path = dir.file(name)
        try json.serialized().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testEveryShippedLanguageHasEveryTemplateWithEnglishsPlaceholders() throws {
        let codes = try Language.shippedCodes()
        XCTAssertEqual(codes, ["en", "ja"])
        let english = Language.english.templates
        for code in codes {
            let language = try Language.shipped(code)
            XCTAssertEqual(language.code, code)
            for entry in Templates.entries {
                let text = language.templates[keyPath: entry.field]
                XCTAssertEqual(Templates.placeholders(in: text).sorted(), Templates.placeholders(in: english[keyPath: entry.field]).sorted(),
                               "\(code).json: \(entry.key)")
                XCTAssertFalse(text.isEmpty && !english[keyPath: entry.field].isEmpty, "\(code).json: \(entry.key) is empty")
            }
        }
        // Japanese is a translation, not a copy: its sentences share no words with English's.
        let japanese = try Language.shipped("ja").templates
        for key in ["title", "intro", "caption_learned", "summary_worst", "page_play", "page_help"] {
            let field = Templates.entries.first { $0.key == key }!.field
            XCTAssertNotEqual(japanese[keyPath: field], english[keyPath: field], key)
        }
        XCTAssertEqual(Templates(), english, "the default words are English's file")
    }

    func testTheStyleChoosesTheLanguageAndItsOwnTemplatesStillWin() throws {
        let ja = try style(#"{"language": "ja", "templates": {"table_change": "差"}}"#)
        XCTAssertEqual(ja.language, "ja")
        XCTAssertEqual(ja.templates.title, "{when}のあと：正解率{accuracy}")
        XCTAssertEqual(ja.templates.tableChange, "差")
        XCTAssertEqual(ja.templates.kind, "種類")
        XCTAssertNil(ja.ownKind)
        let en = try style("{}")
        XCTAssertEqual(en.language, "en")
        XCTAssertEqual(en.templates, Templates())
        let own = try style(#"{"language_file": "mine.json"}"#.replacingOccurrences(of: "mine.json", with: try languageFile("mine.json", replacing: ["title": "Nach {when}: {accuracy} richtig"])))
        XCTAssertEqual(own.language, "de")
        XCTAssertEqual(own.templates.title, "Nach {when}: {accuracy} richtig")
        // A relative language_file is found beside the style.
        _ = try languageFile("beside.json", replacing: [:])
        XCTAssertEqual(try style(#"{"language_file": "beside.json"}"#).language, "de")
    }

    func testAMissingOrMalformedLanguageFileIsABadInputNamingTheFileAndKey() throws {
        let complete = try languageFile("complete.json", replacing: [:])
        var text = try String(contentsOfFile: complete, encoding: .utf8)
        let cases: [(String, String, String)] = [
            ("misspelt-key.json", text.replacingOccurrences(of: #""caption_learned":"#, with: #""caption_learnt":"#),
             "misspelt-key.json: $.templates.caption_learned: missing; expected a string"),
            ("bad-placeholder.json", text.replacingOccurrences(of: "The network has learned {class}", with: "The network has learned {klass}"),
             "bad-placeholder.json: $.templates.caption_learned: unknown placeholder {klass}"),
            ("no-code.json", text.replacingOccurrences(of: #""language":"de","#, with: ""), "no-code.json: $.language: missing"),
            ("bad-code.json", text.replacingOccurrences(of: #""language":"de""#, with: #""language":"de DE""#),
             "bad-code.json: $.language: expected a BCP 47 language code"),
            ("no-speed.json", text.replacingOccurrences(of: #""reading_cps":13,"#, with: ""), "no-speed.json: $.reading_cps: missing; expected a number"),
            ("zero-speed.json", text.replacingOccurrences(of: #""reading_cps":13"#, with: #""reading_cps":0"#),
             "zero-speed.json: $.reading_cps: expected a number > 0, got 0"),
            ("not-json.json", "{\"language\": \"de\", ", "not-json.json"),
        ]
        for (name, body, needle) in cases {
            let path = dir.file(name)
            try body.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Language.load(file: path), name) { e in
                XCTAssertEqual((e as? ToolError)?.kind, .badInput, name)
                XCTAssertTrue("\(e)".contains(needle), "\(name): \(e)")
            }
        }
        // A key left out entirely is named too.
        text = text.replacingOccurrences(of: #""summary_good":"Good at {list}.","#, with: "")
        try text.write(toFile: dir.file("short.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Language.load(file: dir.file("short.json"))) { e in
            XCTAssertTrue("\(e)".contains("short.json: $.templates.summary_good: missing; expected a string"), "\(e)")
        }
        XCTAssertThrowsError(try Language.load(file: dir.file("absent.json"))) { e in
            XCTAssertEqual("\(e)", dir.file("absent.json") + ": cannot read the file (does it exist?)")
        }
    }

    func testNumbersTakeTheLanguagesMarks() throws {
        let en = Templates(), ja = try Language.shipped("ja").templates
        let de = try Language.load(file: try languageFile("de.json", replacing: [
            "thousands": ".", "decimal": ",", "when_pictures": "{seen} Bilder ({pass})", "pass_part": "{percent} des ersten Durchgangs"])).templates
        XCTAssertEqual([en.number(1_234_567), ja.number(1_234_567), de.number(1_234_567)], ["1,234,567", "1,234,567", "1.234.567"])
        XCTAssertEqual([en.number(-3200), de.number(999)], ["-3,200", "999"])
        XCTAssertEqual([en.decimal(0.25), de.decimal(0.25), de.decimal(2), de.decimal(1.5)], ["0.25", "0,25", "2", "1,5"])
        XCTAssertEqual([en.percent(0.454), ja.percent(0.454), de.percent(0.454)], ["45 %", "45%", "45 %"])
        XCTAssertEqual([en.finePercent(0.025), ja.finePercent(0.025), de.finePercent(0.025)], ["2.5 %", "2.5%", "2,5 %"])
        // Through the scene: the time words and the details line.
        var style = TestScenes.smallStyle()
        style.templates = de
        let input = try TestScenes.clusters()
        let scene = Scene(input: try RenderInput(classes: input.classes, labels: input.labels, snapshots: TestScenes.pictureSnapshots(3, trainSize: 2000),
                                                 predictions: input.predictions, coordinates: input.coordinates, layer: "fc1"), style: style)
        XCTAssertEqual(scene.time.long, ["0 Bilder (0 % des ersten Durchgangs)", "64 Bilder (3,2 % des ersten Durchgangs)", "2.000 Bilder (one round)"])
        XCTAssertTrue(scene.moments[1].details.contains("epoch 0,03 · 60 test pictures"), scene.moments[1].details)
    }

    /// The file's subject names a class in the key, the captions and the table header; without
    /// one the words say the language's neutral "kind"; a style's own `templates.kind` outranks it.
    func testTheRecordedSubjectIsInTheKeyTheCaptionsAndTheTableHeader() throws {
        var input = try TestScenes.story()
        input.subject = "kind of clothing"
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 960, height: 540))
        XCTAssertEqual(scene.words.kind, "kind of clothing")
        let r = try FrameRenderer(scene: scene)
        var drawn: Set<String> = []
        for frame in scene.pacing.keyFrames {
            r.draw(scene.pacing.frames[frame])
            drawn.formUnion(r.texts.map(\.text))
        }
        XCTAssertTrue(drawn.contains("Colour of its kind of clothing: named right"), "key: \(drawn.sorted())")
        XCTAssertTrue(drawn.contains("Right now, by kind of clothing"), "table header")
        XCTAssertTrue(drawn.contains("Watch the pictures sort themselves by kind of clothing as the network practises."), "intro caption")
        XCTAssertTrue(scene.captions.contains { $0.text.contains("kind of clothing") })

        input.subject = nil
        XCTAssertEqual(Scene(input: input, style: TestScenes.smallStyle()).words.kind, "kind")
        var own = TestScenes.smallStyle()
        own.ownKind = "sort of garment"
        input.subject = "kind of clothing"
        XCTAssertEqual(Scene(input: input, style: own).words.kind, "sort of garment")
    }

    /// A Japanese frame: every text in Japanese words, laid out with no unknown glyph.
    func testAJapaneseFrameHasJapaneseWordsAndEveryGlyph() throws {
        var style = try Style.parse(ConfigObject(JSONParser.parse(#"{"language": "ja"}"#, source: "ja-style.json"), file: "ja-style.json"))
        style.width = 960; style.height = 540; style.fps = 10; style.inbetween = 2
        var input = try TestScenes.story()
        input.subject = "服の種類"
        let scene = Scene(input: input, style: style)
        let texts = try TestScenes.keyFrameTexts(scene)
        for t in texts { XCTAssertEqual(t.unknownGlyphs, 0, "'\(t.text)' has boxes") }
        let drawn = Set(texts.map(\.text))
        XCTAssertTrue(drawn.contains("服の種類の色：正解"), "key: \(drawn.sorted())")
        XCTAssertTrue(drawn.contains("いまの結果（服の種類別）"), "table header")
        XCTAssertTrue(drawn.contains { $0.hasPrefix("練習前：正解率") }, "title")
        XCTAssertTrue(drawn.contains { $0.hasPrefix("まとめ：") }, "closing card")
        XCTAssertTrue(drawn.contains("ネットワークが練習するにつれて、画像が服の種類ごとに分かれていく様子をご覧ください。"), "intro")
        XCTAssertNoThrow(try VideoRenderer(scene: scene), "the font check passes")
    }

    /// Each language reads at its own speed: Japanese captions hold for 4 characters a second (the
    /// language file's `reading_cps`), not English's 15; a style's own `reading_cps` still wins.
    func testAJapaneseCaptionHoldsForItsReadingTime() throws {
        func parsed(_ json: String) throws -> Style { try Style.parse(ConfigObject(JSONParser.parse(json, source: "s.json"), file: "s.json")) }
        XCTAssertEqual(try Language.shipped("ja").readingCPS, 4)
        XCTAssertEqual(try parsed("{}").readingCPS, 15)
        XCTAssertEqual(try parsed(#"{"language": "ja", "reading_cps": 6}"#).readingCPS, 6)
        var style = try parsed(#"{"language": "ja", "max_seconds": 3600}"#)
        XCTAssertEqual(style.readingCPS, 4)
        style.width = 960; style.height = 540; style.fps = 10; style.inbetween = 2
        var input = try TestScenes.story()
        input.subject = "服の種類"
        func captions(_ style: Style) -> [Cue] { Scene(input: input, style: style).pacing.cues.filter { $0.kind == .caption } }
        let japanese = captions(style)
        XCTAssertGreaterThan(japanese.count, 3)
        for cue in japanese {
            XCTAssertTrue(cue.text.unicodeScalars.contains { (0x3040...0x30FF).contains($0.value) }, "a Japanese caption: \(cue.text)")
            XCTAssertGreaterThanOrEqual(cue.end - cue.start, Double(cue.text.count) / 4 - 1e-9, cue.text)
        }
        // At English's speed the same captions would leave the screen before they are read.
        style.readingCPS = 15
        XCTAssertTrue(captions(style).contains { $0.end - $0.start < Double($0.text.count) / 4 })
    }
}
