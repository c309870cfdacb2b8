import SceneModel
import Support

/// The page's own words (buttons, the pointing panel, headings and labels of its markup): the
/// style's `page_*` templates in its language. The template `page.html` names each in its markup
/// as `{{page_…}}` (`{kind}` filled, HTML-escaped) and takes them all, for its script's `W`, in
/// `{{words}}` (a JSON object, keys in camel case without `page_`: `page_guess_right` →
/// `guessRight`), their placeholders left for the script, which sets each name and the kind
/// (the data's `kind`) apart in the direction of its own letters. `{{lang}}` is the language's code.
struct PageWords {
    /// Placeholder → text, for `InteractivePage`.
    let parts: [String: String]

    init(scene: Scene) {
        let w = scene.words
        var parts = ["{{lang}}": Self.escaped(scene.style.language)]
        var script: [(String, JSONValue)] = []
        for entry in Templates.entries where entry.key.hasPrefix("page_") {
            let template = w[keyPath: entry.field]
            parts["{{\(entry.key)}}"] = Self.escaped(scene.withKind(template))
            script.append((Self.scriptName(entry.key), .string(template)))
        }
        parts["{{words}}"] = JSONValue.object(script).serialized().replacingOccurrences(of: "<", with: "\\u003c")
        self.parts = parts
    }

    /// "page_guess_right" → "guessRight".
    static func scriptName(_ key: String) -> String {
        let words = key.dropFirst("page_".count).split(separator: "_")
        return words.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// Text safe inside an element or a quoted attribute.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
