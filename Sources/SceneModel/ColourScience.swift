import Foundation

/// Colour measures used to choose and check the class palette.
/// - CIELAB (D65) from sRGB, and the CIEDE2000 difference (Sharma, Wu & Dalal, "The CIEDE2000
///   Color-Difference Formula", Color Res. Appl. 30, 2005); about 2.3 is a just-noticeable
///   difference, and colours of a chart need well over 10.
/// - Colour-vision deficiency simulation at full severity, Machado, Oliveira & Fernandes, "A
///   Physiologically-based Model for Simulation of Color Vision Deficiency" (IEEE TVCG 15, 2009),
///   applied to linear RGB.
/// - WCAG 2 contrast ratio (relative luminance; 3:1 is the minimum for graphical objects).
public enum ColourScience {
    public enum Vision: String, CaseIterable, Sendable { case normal, deuteranopia, protanopia }

    static func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
    static func gamma(_ c: Double) -> Double {
        let x = min(1, max(0, c))
        return x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055
    }

    /// The colour as seen with `vision`.
    public static func simulate(_ c: RGB, _ vision: Vision) -> RGB {
        let m: [Double]
        switch vision {
        case .normal: return c
        case .deuteranopia: m = [0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881]
        case .protanopia: m = [0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998]
        }
        let l = [linear(c.r), linear(c.g), linear(c.b)]
        func row(_ i: Int) -> Double { gamma(m[3 * i] * l[0] + m[3 * i + 1] * l[1] + m[3 * i + 2] * l[2]) }
        return RGB(row(0), row(1), row(2))
    }

    /// CIELAB (L*, a*, b*) under D65.
    public static func lab(_ c: RGB) -> (l: Double, a: Double, b: Double) {
        let r = linear(c.r), g = linear(c.g), b = linear(c.b)
        let x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
        let y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
        let z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 216.0 / 24389 ? cbrt(t) : (24389.0 / 27 * t + 16) / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// CIEDE2000 colour difference ΔE00 between two colours.
    public static func difference(_ c1: RGB, _ c2: RGB) -> Double { difference(lab: lab(c1), lab(c2)) }

    /// CIEDE2000 ΔE00 between two CIELAB colours.
    public static func difference(lab x: (l: Double, a: Double, b: Double), _ y: (l: Double, a: Double, b: Double)) -> Double {
        let (l1, a1, b1) = x, (l2, a2, b2) = y
        let rad = Double.pi / 180
        let cBar = (hypot(a1, b1) + hypot(a2, b2)) / 2
        let g = 0.5 * (1 - sqrt(pow(cBar, 7) / (pow(cBar, 7) + pow(25, 7))))
        let a1p = (1 + g) * a1, a2p = (1 + g) * a2
        let c1p = hypot(a1p, b1), c2p = hypot(a2p, b2)
        func hue(_ b: Double, _ a: Double) -> Double {
            if a == 0 && b == 0 { return 0 }
            let h = atan2(b, a) / rad
            return h < 0 ? h + 360 : h
        }
        let h1 = hue(b1, a1p), h2 = hue(b2, a2p)
        let dL = l2 - l1, dC = c2p - c1p
        var dh = 0.0
        if c1p * c2p != 0 {
            dh = h2 - h1
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let dH = 2 * sqrt(c1p * c2p) * sin(dh / 2 * rad)
        let lBar = (l1 + l2) / 2, cBarP = (c1p + c2p) / 2
        var hBar = h1 + h2
        if c1p * c2p != 0 {
            hBar = abs(h1 - h2) <= 180 ? (h1 + h2) / 2 : (h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2)
        }
        let t = 1 - 0.17 * cos((hBar - 30) * rad) + 0.24 * cos(2 * hBar * rad) + 0.32 * cos((3 * hBar + 6) * rad) - 0.20 * cos((4 * hBar - 63) * rad)
        let dTheta = 30 * exp(-pow((hBar - 275) / 25, 2))
        let rc = 2 * sqrt(pow(cBarP, 7) / (pow(cBarP, 7) + pow(25, 7)))
        let sl = 1 + 0.015 * pow(lBar - 50, 2) / sqrt(20 + pow(lBar - 50, 2))
        let sc = 1 + 0.045 * cBarP, sh = 1 + 0.015 * cBarP * t
        let rt = -sin(2 * dTheta * rad) * rc
        return sqrt(pow(dL / sl, 2) + pow(dC / sc, 2) + pow(dH / sh, 2) + rt * (dC / sc) * (dH / sh))
    }

    /// WCAG 2 relative luminance.
    public static func luminance(_ c: RGB) -> Double { 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b) }

    /// WCAG 2 contrast ratio, 1...21.
    public static func contrast(_ a: RGB, _ b: RGB) -> Double {
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }
}
