/// What the frames and the page show at one snapshot: every word already filled in, every
/// colour chosen. Computed once per snapshot by `Scene`; drawing code only places it.
public struct Moment: Sendable {
    /// The snapshot, 0..<S.
    public let snapshot: Int
    public let title: String
    public let details: String
    /// The captions shown at this snapshot, in the order shown, two lines per page
    /// (`Style.captionLines`); pages follow each other while the snapshot holds still.
    public let pages: [[Caption]]
    /// Per page, the place on the map its first caption about a place talks about, circled
    /// while the page is up (`MapMark`).
    public let marks: [MapMark?]
    /// One row per class, in class order.
    public let rows: [ClassRow]
    /// Per page, the highlighted row and why (the class the page's first caption is about,
    /// else the biggest change since the previous snapshot).
    public let highlights: [Highlight?]
    /// Highlight while no caption page is up (between snapshots): the biggest change.
    public let changeHighlight: Highlight?
    /// The most-confused pair's mistaken pictures, nil when there is none yet.
    public let gallery: GalleryItems?
    /// Pictures seen at this snapshot in words, for the timeline cursor ("3,200").
    public let tick: String

    /// The highlight on screen with caption page `page` (nil = between snapshots).
    public func highlight(page: Int?) -> Highlight? {
        guard let page, page < highlights.count else { return changeHighlight }
        return highlights[page]
    }
}

/// One class's line in the table. `change` is the difference of the percentages shown, so the
/// column always adds up.
public struct ClassRow: Sendable, Equatable {
    public let classIndex: Int
    public let name: String
    public let color: RGB
    public let right: Int, size: Int
    /// Whole percentage shown (0...100).
    public let percent: Int
    /// `percent` minus the previous snapshot's `percent`; nil at the first snapshot.
    public let change: Int?
    /// "128 of 200", "64 %", "▲ 12".
    public let countText: String, percentText: String, changeText: String
    /// At least `CaptionRules.learned` right.
    public let learned: Bool
    /// A sample of this class shown beside its name (recognised at the end when possible).
    public let example: Int?
}

/// A highlighted table row and the words saying why.
public struct Highlight: Sendable, Equatable {
    public let row: Int
    public let reason: String
}

/// Pictures shown in a gallery: samples, each framed in the colour of the class it was taken for.
public struct GalleryItems: Sendable, Equatable {
    public let title: String
    public let note: String
    public let samples: [Int]
    /// Guessed class per sample.
    public let guessed: [Int]
}

/// The closing card in plain words, with the hardest class's wrong pictures.
public struct SummaryCard: Sendable, Equatable {
    public let lines: [String]
    public let gallery: GalleryItems?
    /// All lines as one text (the subtitle cue).
    public var text: String { lines.joined(separator: "\n") }
}
