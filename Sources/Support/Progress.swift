import Foundation

/// Progress on stderr. On a terminal, one line rewritten in place (with a carriage return)
/// at most ten times a second; elsewhere (CI, pipes), plain lines only for `milestone`s,
/// so logs stay short and line-oriented.
public final class Progress {
    public let isTerminal: Bool
    private let quiet: Bool
    private var lastDraw = 0.0
    private var drewPartial = false

    /// `quiet` silences everything but milestones; `terminal` overrides the isatty check.
    public init(quiet: Bool = false, terminal: Bool? = nil) {
        self.quiet = quiet
        self.isTerminal = terminal ?? (isatty(2) == 1)
    }

    /// A transient status (batches, frames): drawn in place on a terminal, dropped elsewhere.
    public func status(_ text: @autoclosure () -> String) {
        guard isTerminal, !quiet else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard now - lastDraw >= 0.1 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text()).utf8))
        drewPartial = true
    }

    /// A line worth keeping (an epoch finished, a stage done): printed everywhere.
    public func milestone(_ text: String) {
        var line = text + "\n"
        if drewPartial { line = "\r\u{1B}[K" + line; drewPartial = false }
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// "1m 05s" / "42s" for an estimated time.
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m \(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
