/// Where one video frame sits: between snapshots `from` and `from+1` at eased fraction `t`
/// (0 = exactly at `from`), and which caption page or the closing card it shows.
public struct FrameTime: Sendable, Equatable {
    public let from: Int
    public let t: Double
    /// The caption page of `nearest` on screen (only while a snapshot holds still), nil for none.
    public let page: Int?
    /// The closing summary card is on screen.
    public let card: Bool
    /// The reading guide's screen on screen (before training starts), nil for none.
    public let guide: Int?
    public init(from: Int, t: Double, page: Int? = nil, card: Bool = false, guide: Int? = nil) {
        self.from = from; self.t = t; self.page = page; self.card = card; self.guide = guide
    }
    /// The snapshot whose numbers and title the frame shows (the nearest one).
    public var nearest: Int { t < 0.5 ? from : from + 1 }
    /// Continuous snapshot position, for the timeline marker.
    public var position: Double { Double(from) + t }
}

/// A stretch of on-screen time during which one text is shown: a title, one caption line, or
/// the closing card. Times in seconds from the start of the video.
public struct Cue: Sendable, Equatable {
    public enum Kind: String, Sendable { case title, caption, card }
    public let kind: Kind
    public let start: Double, end: Double
    public let text: String
}

/// The pacing of the video, from reading time: snapshots are evenly spaced (each move takes
/// `inbetween + 1` frames, whatever the steps between them), and each snapshot holds still long
/// enough to read what it shows. A text of n characters stays on screen at least
/// n / `readingCPS` seconds (the language's speed, `Language.readingCPS`: 15 for English, 4 for Japanese):
/// - a caption page lasts as long as its longest line needs; the pages of a snapshot follow
///   each other while it holds;
/// - a title stays from halfway through the move into its snapshot to halfway through the
///   move out, and the hold grows when that is too short; a title that repeats the previous
///   one with only some words changed (its numbers, usually) needs the reading time of those
///   words alone (`Pacing.newCharacters`);
/// - a snapshot with nothing new holds only `holdSnapshot` (`holdStart` for the first);
/// - the closing card holds for the whole card's reading time, at least `holdEnd`;
/// - before all of it, each screen of the reading guide holds for its reading time, at least
///   `holdStart`.
/// `cues` lists every title, caption line and the card with the exact times they are on screen.
public struct Pacing: Sendable {
    public let frames: [FrameTime]
    public let fps: Int
    /// Per snapshot, the index of its first still frame (its key frame).
    public let keyFrames: [Int]
    /// Index of the first frame of the closing card.
    public let cardFrame: Int
    public let cues: [Cue]
    /// Index of the first frame after the reading guide (0 without one).
    public let storyStart: Int
    public var seconds: Double { Double(frames.count) / Double(fps) }
    /// Seconds after the reading guide.
    public var storySeconds: Double { Double(frames.count - storyStart) / Double(fps) }

    /// `titles[s]`, the caption pages `pages[s][p]` (lines) of each snapshot, the card text, and
    /// the reading guide's title and screens.
    public init(titles: [String], pages: [[[String]]], card: String, guideTitle: String = "", guide: [String] = [], style: Style) {
        let fps = style.fps, count = titles.count
        func reading(_ characters: Int) -> Int { Int((Double(characters) / style.readingCPS * Double(fps)).rounded(.up)) }
        func reading(_ text: String) -> Int { reading(text.count) }
        func seconds(_ s: Double) -> Int { Int((s * Double(fps)).rounded()) }
        let moveFrames = style.inbetween + 1
        let eased = (1...moveFrames).map { k in k == moveFrames ? 1.0 : style.easing.apply(Double(k) / Double(moveFrames)) }
        // Frames of a move that show the arrival's title, and those that still show the departure's.
        let arriving = eased.filter { $0 >= 0.5 }.count, leaving = moveFrames - arriving
        let cardFrames = max(seconds(style.holdEnd), reading(card), 1)
        var frames: [FrameTime] = []
        for (g, text) in guide.enumerated() {
            frames += [FrameTime](repeating: FrameTime(from: 0, t: 0, guide: g), count: max(seconds(style.holdStart), reading(text), 1))
        }
        storyStart = frames.count
        var keyFrames: [Int] = []
        for s in 0..<count {
            if s > 0 { frames += eased.map { FrameTime(from: s - 1, t: $0) } }
            let pageFrames = pages[s].map { lines in lines.map(reading).max() ?? 0 }
            let titleHave = (s > 0 ? arriving : 0) + (s < count - 1 ? leaving : cardFrames)
            let hold = max(seconds(s == 0 ? style.holdStart : style.holdSnapshot), pageFrames.reduce(0, +),
                           reading(s == 0 ? titles[s].count : Pacing.newCharacters(titles[s - 1], titles[s])) - titleHave, 1)
            keyFrames.append(frames.count)
            var used = 0
            for (p, n) in pageFrames.enumerated() {
                let length = p == pageFrames.count - 1 ? hold - used : n
                frames += [FrameTime](repeating: FrameTime(from: s, t: 0, page: p), count: length)
                used += length
            }
            if pageFrames.isEmpty { frames += [FrameTime](repeating: FrameTime(from: s, t: 0), count: hold) }
        }
        cardFrame = frames.count
        frames += [FrameTime](repeating: FrameTime(from: count - 1, t: 0, card: true), count: cardFrames)
        self.frames = frames; self.fps = fps; self.keyFrames = keyFrames
        cues = Pacing.cues(frames, fps: fps, titles: titles, pages: pages, card: card, guideTitle: guideTitle, guide: guide)
    }

    /// The characters a viewer who has read `previous` must read in `current`: when both have
    /// the same number of space-separated words, the words that changed (with one space each);
    /// otherwise all of `current`. "After 90,016 practice pictures: 88 % right" after
    /// "After 75,040 practice pictures: 87 % right" is 10 characters to read, not 43.
    public static func newCharacters(_ previous: String, _ current: String) -> Int {
        let was = previous.split(separator: " "), now = current.split(separator: " ")
        guard was.count == now.count else { return current.count }
        return zip(was, now).filter { $0 != $1 }.map { $0.1.count + 1 }.reduce(0, +)
    }

    /// The frame on screen at `seconds` from the start (clamped to the video).
    public func frame(at seconds: Double) -> FrameTime {
        frames[min(frames.count - 1, max(0, Int(seconds * Double(fps))))]
    }

    /// Runs of frames showing the same title, the same caption line in the same slot, or the card.
    static func cues(_ frames: [FrameTime], fps: Int, titles: [String], pages: [[[String]]], card: String,
                     guideTitle: String, guide: [String]) -> [Cue] {
        var out: [(slot: String, cue: Cue)] = []
        var open: [String: (Cue.Kind, Int, String)] = [:]   // slot → (kind, first frame, text)
        func close(_ slot: String, at f: Int) {
            if let (kind, start, text) = open.removeValue(forKey: slot) {
                out.append((slot, Cue(kind: kind, start: Double(start) / Double(fps), end: Double(f) / Double(fps), text: text)))
            }
        }
        for (f, time) in frames.enumerated() {
            var now: [String: (Cue.Kind, String)] = ["title": (.title, time.guide == nil ? titles[time.nearest] : guideTitle)]
            if let g = time.guide { now["line0"] = (.caption, guide[g]) }
            if let p = time.page { for (i, line) in pages[time.nearest][p].enumerated() { now["line\(i)"] = (.caption, line) } }
            if time.card { now["card"] = (.card, card) }
            for slot in Array(open.keys) where now[slot]?.1 != open[slot]?.2 { close(slot, at: f) }
            for (slot, value) in now where open[slot] == nil { open[slot] = (value.0, f, value.1) }
        }
        for slot in Array(open.keys) { close(slot, at: frames.count) }
        // Cues starting together keep their slots' order (title, then caption lines top down).
        return out.sorted { ($0.cue.start, $0.cue.kind.rawValue, $0.slot) < ($1.cue.start, $1.cue.kind.rawValue, $1.slot) }.map(\.cue)
    }
}
