import CCairo
import SceneModel
import Support

/// Checks that the installed fonts can draw every text of a scene, before any frame is drawn:
/// Pango falls back through every font fontconfig knows, so a character is missing only when no
/// installed font has it, and then it would be drawn as an empty box.
enum GlyphCoverage {
    /// Throws a bad-input error naming the first text with such characters, the characters
    /// (as U+ code points), the style's font and what to install. Lays the texts out on a
    /// 1×1 surface of its own: nothing is drawn.
    static func check(_ scene: Scene) throws {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1), let cr = cairo_create(surface) else {
            throw ToolError.failed("Cairo could not make a surface to check the fonts")
        }
        defer { cairo_destroy(cr); cairo_surface_destroy(surface) }
        let setter = TextSetter(cr: cr, family: scene.style.font, language: scene.style.language)
        for text in scene.texts {
            let missing = setter.missingCharacters(text)
            guard !missing.isEmpty else { continue }
            let points = missing.flatMap(\.unicodeScalars).map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }
            throw ToolError.badInput("no installed font can draw \(points.joined(separator: " ")) in \"\(text)\" (font \"\(scene.style.font)\" and every fallback fontconfig knows); install fonts that cover them, e.g. `apt-get install fonts-noto-core fonts-noto-cjk`")
        }
    }
}

private extension String {
    func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
