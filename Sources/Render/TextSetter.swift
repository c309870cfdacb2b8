import CPango
import SceneModel

/// Lays out and draws lines of text (single lines, or paragraphs wrapped at word boundaries) with Pango on one Cairo context: HarfBuzz shaping,
/// bidirectional text (Arabic, Hebrew) and fontconfig's fallback, so a character the style's
/// font lacks is taken from any installed font that has it (Noto for CJK, Devanagari, …).
/// One per `FrameRenderer`, with its own font map: Pango's default font map belongs to the
/// thread that asked for it, and a layout made on one thread and used on a render thread would
/// share it with every other renderer made there (a data race; it crashed).
///
/// Sizes are em sizes in device pixels (Pango's absolute size), as Cairo's toy API used them.
final class TextSetter {
    /// A line (or wrapped paragraph) laid out: logical width, the first baseline's distance below
    /// the top and the whole height, in pixels, and the glyphs no installed font has (drawn as boxes).
    struct Line {
        let width: Double, baseline: Double, height: Double
        let unknownGlyphs: Int
    }

    private let fontMap: OpaquePointer, context: OpaquePointer, layout: OpaquePointer
    private let regular: OpaquePointer, bold: OpaquePointer
    /// The context's base direction now (left to right until a right-to-left text is set).
    private var isRightToLeft = false
    private static let scale = Double(CNN_PANGO_SCALE)

    /// A layout bound to `cr` (a `cairo_t *`), with `family` as the first choice of font and
    /// `language` (a BCP 47 code, the style's) telling fontconfig which forms of shared
    /// characters to prefer (Japanese kanji rather than Chinese hanzi for "ja").
    init(cr: OpaquePointer, family: String, language: String) {
        fontMap = pango_cairo_font_map_new()
        context = pango_font_map_create_context(fontMap)
        pango_context_set_language(context, pango_language_from_string(language))
        pango_cairo_update_context(cr, context)
        pango_context_set_base_dir(context, Int32(CNN_PANGO_DIRECTION_LTR))
        layout = pango_layout_new(context)
        pango_layout_set_single_paragraph_mode(layout, 1)
        // The base direction is set for each text (`Bidi.isRightToLeftParagraph`): Pango's own
        // guess looks inside isolates, so "قميص got better" would be laid out right to left.
        pango_layout_set_auto_dir(layout, 0)
        pango_layout_set_wrap(layout, Int32(CNN_PANGO_WRAP_WORD_CHAR))
        regular = pango_font_description_new()
        pango_font_description_set_family(regular, family)
        pango_font_description_set_weight(regular, Int32(CNN_PANGO_WEIGHT_NORMAL))
        bold = pango_font_description_copy(regular)
        pango_font_description_set_weight(bold, Int32(CNN_PANGO_WEIGHT_BOLD))
    }

    deinit {
        pango_font_description_free(regular)
        pango_font_description_free(bold)
        for object in [layout, context, fontMap] { g_object_unref(UnsafeMutableRawPointer(object)) }
    }

    /// Lays out `text` at em size `size` (pixels), on one line, or wrapped at word boundaries
    /// into lines at most `wrapWidth` pixels wide; the next `draw` draws it.
    @discardableResult
    func set(_ text: String, size: Double, bold isBold: Bool, wrapWidth: Double? = nil) -> Line {
        pango_layout_set_width(layout, wrapWidth.map { Int32(($0 * Self.scale).rounded(.down)) } ?? -1)
        let description = isBold ? bold : regular
        pango_font_description_set_absolute_size(description, (size * Self.scale).rounded())
        pango_layout_set_font_description(layout, description)
        let rightToLeft = Bidi.isRightToLeftParagraph(text)
        if rightToLeft != isRightToLeft {
            isRightToLeft = rightToLeft
            pango_context_set_base_dir(context, Int32(rightToLeft ? CNN_PANGO_DIRECTION_RTL : CNN_PANGO_DIRECTION_LTR))
            pango_layout_context_changed(layout)
        }
        pango_layout_set_text(layout, text, -1)
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return Line(width: Double(logical.width) / Self.scale,
                    baseline: Double(pango_layout_get_baseline(layout)) / Self.scale,
                    height: Double(logical.height) / Self.scale,
                    unknownGlyphs: Int(pango_layout_get_unknown_glyphs_count(layout)))
    }

    /// Draws the line last `set` with its top-left corner at the context's current point.
    func draw(on cr: OpaquePointer) {
        pango_cairo_update_layout(cr, layout)
        pango_cairo_show_layout(cr, layout)
    }

    /// The characters of `text` that no installed font has (Pango would draw a box for each),
    /// in order, each once.
    func missingCharacters(_ text: String) -> [Character] {
        guard set(text, size: 12, bold: false).unknownGlyphs > 0 else { return [] }
        var seen: Set<Character> = [], missing: [Character] = []
        for ch in text where !seen.contains(ch) {
            seen.insert(ch)
            if set(String(ch), size: 12, bold: false).unknownGlyphs > 0 { missing.append(ch) }
        }
        return missing
    }
}
