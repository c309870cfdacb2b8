import CCairo
import SceneModel

/// Checks a font family against fontconfig, which Cairo uses to find fonts: a family that
/// fontconfig does not have would silently be replaced by another.
public enum FontMatch {
    /// The family fontconfig picks for `family` (after its usual substitutions), nil when none.
    public static func matched(family: String) -> String? {
        guard FcInit() != 0, let pattern = FcNameParse(family) else { return nil }
        defer { FcPatternDestroy(pattern) }
        // Only the family: a name with ':' or '-' style suffixes is not a family.
        FcConfigSubstitute(nil, pattern, FcMatchPattern)
        FcDefaultSubstitute(pattern)
        var result = FcResultMatch
        guard let font = FcFontMatch(nil, pattern, &result) else { return nil }
        defer { FcPatternDestroy(font) }
        var value: UnsafeMutablePointer<FcChar8>? = nil
        guard FcPatternGetString(font, FC_FAMILY, 0, &value) == FcResultMatch, let value else { return nil }
        return String(cString: value)
    }

    /// nil when fontconfig has `family` itself (ignoring case), else a sentence saying which
    /// font it would use instead.
    public static func problem(family: String) -> String? {
        guard let found = matched(family: family) else {
            return "fontconfig finds no font at all for \"\(family)\"; install fonts (e.g. `apt-get install fonts-dejavu-core`)"
        }
        if found.lowercased() == family.lowercased() { return nil }
        return "fontconfig has no font \"\(family)\" and would use \"\(found)\" instead; name an installed family (`fc-list : family`)"
    }
}
