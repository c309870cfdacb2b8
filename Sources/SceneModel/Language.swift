import Foundation
import Support

/// One language's words: a JSON file holding the language's BCP 47 code, its reading speed and
/// every template (`Templates.entries`, the numbers' decimal and thousands marks among them):
///
///     {"language": "ja", "reading_cps": 4, "templates": {"title": "…", …, "thousands": ",", "decimal": "."}}
///
/// The shipped ones (`languages/<code>.json`, English and Japanese) are this module's resources,
/// found beside the running program where SwiftPM puts them (so a program inside the wheel finds
/// its own copy), else in the source tree (builds run from the checkout). A user adds a language with one such file, named by a style's
/// `language_file`. Every entry must be there with only the placeholders it accepts.
public struct Language: Sendable {
    /// BCP 47 code, e.g. "ja": the page's `lang` and the frames' hint for which glyph forms to use.
    public let code: String
    /// How fast a viewer reads this language's subtitles, in characters (grapheme clusters) a
    /// second: every text stays on screen at least its length / this (`Pacing`), unless the
    /// style sets its own `reading_cps`. A character carries more in some scripts than in
    /// others, so the rate is the language's. The shipped values follow subtitling practice:
    /// - English, 15: the BBC's subtitle guidelines (160–180 words a minute) and the common
    ///   15–17 characters a second for adults, taking the slower end;
    /// - Japanese, 4: the "four characters a second" rule of Japanese film subtitling
    ///   (字幕は1秒4文字), the de facto standard since the 1930s, as described by Toyokura and
    ///   Yamada, "Validating Character Limits in Subtitle Translation into Japanese: Is the
    ///   Four-Character-Per-Second Rule Appropriate?", Invitation to Interpreting and Translation
    ///   Studies 18 (2017), 33–52; their eye-tracking found up to 6 acceptable, 4 is the slower end.
    public let readingCPS: Double
    public let templates: Templates

    /// Reads a language file; a missing file, a missing or unknown key, or a placeholder the
    /// entry does not accept is a bad-input error naming the file and the key.
    public static func load(file: String) throws -> Language {
        let c = try ConfigObject.load(file)
        let code = try c.string("language")
        guard !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
            throw c.error("language", "expected a BCP 47 language code such as \"en\" or \"pt-BR\", got \"\(code)\"")
        }
        let readingCPS = try c.double("reading_cps", min: 0, max: 100, exclusiveMin: true)
        guard let t = try c.object("templates") else {
            throw c.error("templates", "missing; expected an object giving every template")
        }
        let templates = Templates(blank: ()).replacing(try Templates.read(t, complete: true))
        try c.finish()
        return Language(code: code, readingCPS: readingCPS, templates: templates)
    }

    /// The shipped language with this code; an error listing the shipped ones when there is none.
    public static func shipped(_ code: String) throws -> Language {
        let folder = try shippedFolder()
        let file = folder + "/" + code + ".json"
        guard FileManager.default.fileExists(atPath: file) else {
            throw ToolError.badInput("no shipped language '\(code)' (shipped: \(try shippedCodes().joined(separator: ", "))); "
                + "for another, write a file like \(folder)/en.json and name it with the style's language_file")
        }
        return try load(file: file)
    }

    /// The codes of the shipped languages, sorted.
    public static func shippedCodes() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: shippedFolder())
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The folder of the shipped language files: in SwiftPM's resource bundle beside the program
    /// (as `Bundle.module` looks first, but with an error instead of a crash when it is missing),
    /// else beside this source file.
    public static func shippedFolder() throws -> String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("cnn-timelapse_SceneModel.resources/languages").path,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("languages").path]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0 + "/en.json") }) else {
            throw ToolError.failed("the language files are missing from this program's resources (looked in \(candidates.joined(separator: " and "))); reinstall it")
        }
        return found
    }

    /// English, the default; a build whose shipped English file is missing or broken stops here.
    public static let english: Language = {
        do { return try shipped("en") } catch { fatalError("\(error)") }
    }()
}
