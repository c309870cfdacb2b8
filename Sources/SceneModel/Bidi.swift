/// Right-to-left text inside sentences of either direction (Unicode Standard Annex #9, the
/// bidirectional algorithm). A class name in Arabic or Hebrew filled into an English template
/// is wrapped in a first-strong isolate (U+2068 … U+2069), so the numbers and punctuation next
/// to it keep the sentence's order ("took for قميص 3 times", not "took for 3 قميص times"); a
/// line's base direction is that of its first strong character outside isolates, so an English
/// sentence that begins with an Arabic name still reads left to right.
public enum Bidi {
    /// FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.
    public static let isolateStart: Unicode.Scalar = "\u{2068}", isolateEnd: Unicode.Scalar = "\u{2069}"

    /// Whether `u` is a strong right-to-left character (bidi class R or AL): the Hebrew, Arabic,
    /// Syriac, Thaana, N'Ko, Samaritan and Mandaic blocks, their presentation forms, and the
    /// right-to-left ranges of the supplementary planes.
    public static func isRightToLeft(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFE, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }

    /// `value` wrapped in a first-strong isolate when it holds right-to-left characters; else as it is.
    public static func isolated(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: isRightToLeft) else { return value }
        return String(isolateStart) + value + String(isolateEnd)
    }

    /// Whether `text` is a right-to-left paragraph: its first strong character outside isolates
    /// (LRI, RLI, FSI … PDI) is right-to-left. A letter of any other script is strong
    /// left-to-right; text with no strong character is left to right.
    public static func isRightToLeftParagraph(_ text: String) -> Bool {
        var depth = 0
        for u in text.unicodeScalars {
            switch u.value {
            case 0x2066...0x2068: depth += 1
            case 0x2069: depth = max(0, depth - 1)
            default:
                guard depth == 0 else { continue }
                if isRightToLeft(u) { return true }
                if u.properties.isAlphabetic { return false }
            }
        }
        return false
    }
}
