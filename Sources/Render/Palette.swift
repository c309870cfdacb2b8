/// An RGB colour with components in 0...1.
public struct RGB: Equatable, Sendable {
    public var r: Double, g: Double, b: Double
    public init(_ r: Double, _ g: Double, _ b: Double) { self.r = r; self.g = g; self.b = b }

    /// Parses `#rrggbb`; nil when the text is not of that form.
    public init?(hex: String) {
        var t = Substring(hex)
        if t.hasPrefix("#") { t = t.dropFirst() }
        guard t.count == 6, let v = UInt32(t, radix: 16) else { return nil }
        self.init(Double((v >> 16) & 255) / 255, Double((v >> 8) & 255) / 255, Double(v & 255) / 255)
    }

    /// 8-bit components, rounded.
    public var bytes: (UInt8, UInt8, UInt8) {
        func q(_ x: Double) -> UInt8 { UInt8(max(0, min(255, (x * 255).rounded()))) }
        return (q(r), q(g), q(b))
    }

    /// Linear mix towards `other` by `t` (0 = self, 1 = other).
    public func mixed(with other: RGB, _ t: Double) -> RGB {
        RGB(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t)
    }
}

/// Class colours that stay distinguishable for colour-blind viewers.
///
/// The first 7 are Okabe & Ito's palette ("Color Universal Design", 2008) without black;
/// classes 8–15 continue with 8 colours of Paul Tol's "muted" scheme (Tol, "Colour Schemes",
/// SRON 2021), leaving out its rose, which is close to Okabe–Ito's vermillion. Beyond 15 classes the list repeats with lighter
/// (even cycles) or darker (odd cycles) tints, so every class still gets a colour; from that
/// point colour alone no longer separates classes and the legend thumbnails carry the meaning.
public enum Palette {
    /// The base list of 15 colours (7 Okabe–Ito + 8 Tol muted).
    public static let base: [RGB] = [
        "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
        "#332288", "#88CCEE", "#117733", "#999933", "#882255", "#44AA99", "#AA4499", "#DDCC77",
    ].compactMap { RGB(hex: $0) }

    /// Colour of class `c` (0-based) in a set of `count` classes.
    public static func color(_ c: Int, count: Int) -> RGB {
        let cycle = c / base.count
        let colour = base[c % base.count]
        if cycle == 0 { return colour }
        let amount = min(0.6, 0.25 * Double((cycle + 1) / 2))
        return cycle % 2 == 1 ? colour.mixed(with: RGB(0, 0, 0), amount) : colour.mixed(with: RGB(1, 1, 1), amount)
    }

    /// Colours for `count` classes, overridable by a style's own list (used in order, then the palette).
    public static func colors(count: Int, overrides: [RGB] = []) -> [RGB] {
        (0..<count).map { $0 < overrides.count ? overrides[$0] : color($0, count: count) }
    }
}
