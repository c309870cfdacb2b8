/// Class colours, one list per theme, chosen so that every pair stays clearly distinct for
/// viewers with normal colour vision and with deuteranopia or protanopia, and every colour has
/// at least 3:1 contrast (WCAG 2, graphical objects) with its theme's background.
///
/// Chosen by a farthest-point search with random refinement over an 18-step sRGB grid,
/// maximising the smallest CIEDE2000 difference of any pair under the three visions
/// (`ColourScience`), the normal one weighted 1/1.6 so it keeps more spread, among colours
/// of chroma ≥ 28 and L* in 28...72 (light) or 50...90 (dark). Measured minimums, checked by
/// StyleTests: normal ≥ 18, deuteranopia and protanopia ≥ 11 (a just-noticeable difference is
/// about 2.3). Beyond 10 classes the list repeats darker, then lighter, and colour alone no
/// longer separates classes (the table's example pictures carry the meaning).
public enum Palette {
    /// For the light theme (white background).
    public static let light: [RGB] = [
        "#2D69A5", "#FF4B78", "#5AA50F", "#B44BFF", "#875A1E", "#2DA587", "#A51E69", "#4B00E1", "#2D96B4", "#782D2D",
    ].compactMap { RGB(hex: $0) }

    /// For the dark theme (background #17171c).
    public static let dark: [RGB] = [
        "#00B4FF", "#FF96C3", "#1EA50F", "#C31EF0", "#F0D21E", "#2DF0FF", "#E12D87", "#B47869", "#A5F0C3", "#008787",
    ].compactMap { RGB(hex: $0) }

    /// Colour of class `c` (0-based) on the light or dark theme.
    public static func color(_ c: Int, dark: Bool) -> RGB {
        let base = dark ? Palette.dark : light
        let cycle = c / base.count
        let colour = base[c % base.count]
        if cycle == 0 { return colour }
        let amount = min(0.6, 0.25 * Double((cycle + 1) / 2))
        return cycle % 2 == 1 ? colour.mixed(with: RGB(0, 0, 0), amount) : colour.mixed(with: RGB(1, 1, 1), amount)
    }

    /// Colours for `count` classes, overridable by a style's own list (used in order, then the palette).
    public static func colors(count: Int, dark: Bool, overrides: [RGB] = []) -> [RGB] {
        (0..<count).map { $0 < overrides.count ? overrides[$0] : color($0, dark: dark) }
    }
}
