import Foundation

/// WebVTT subtitles (W3C WebVTT, https://www.w3.org/TR/webvtt1/) from a scene's cues: one cue
/// per title, caption line and the closing card, with exactly their on-screen times. Titles sit
/// at the top (`line:0`), captions and the card at the bottom.
public enum Subtitles {
    /// The WebVTT text.
    public static func webVTT(_ cues: [Cue]) -> String {
        var out = "WEBVTT\n"
        for (i, c) in cues.enumerated() {
            let position = c.kind == .title ? " line:0" : ""
            // A cue's text may not contain "-->" or blank lines.
            let text = c.text.replacingOccurrences(of: "-->", with: "→").replacingOccurrences(of: "\n\n", with: "\n")
            out += "\n\(i + 1)\n\(timestamp(c.start)) --> \(timestamp(c.end))\(position)\n\(text)\n"
        }
        return out
    }

    /// hh:mm:ss.ttt, rounded to the millisecond.
    public static func timestamp(_ seconds: Double) -> String {
        let ms = Int((seconds * 1000).rounded())
        return String(format: "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }
}
