/// The parts of a frame, in one list: `Panel.allCases` is the draw order (a later panel is
/// painted over an earlier one), `Layout.rect(_:)` gives each its rectangle and the renderer
/// one painter each (both exhaustive switches, so a new case cannot be left out), and a
/// switchable panel's raw value is its key under the style's `panels`.
public enum Panel: String, CaseIterable, Sendable {
    /// The dots (and some pictures) of the current moment.
    case map
    case title
    /// The circle around the place the caption on screen speaks of (`MapMark`).
    case mark
    /// The classes' names beside their islands (`MapLabels`).
    case labels
    /// One caption line at a time.
    case captions
    /// What a colour on the map means.
    case key
    /// The class table; always drawn, as it names the colours (`class_progress` turns off its figures).
    case table
    /// The share of tracked pictures named right at every snapshot so far.
    case curve
    /// The pictures of the most mixed-up pair.
    case gallery
    /// The snapshots as dots on a line, and the practice pictures seen.
    case timeline
    /// The technical line (layer, step, epoch, UMAP).
    case details
    /// The closing summary card, over the table and the curve.
    case card

    /// Whether the style can turn it off (`panels.<raw value>`); the others are in every frame
    /// that has them (the mark with a caption, the card at the end).
    public var switchable: Bool {
        switch self {
        case .labels, .captions, .key, .curve, .gallery, .timeline, .details: return true
        case .map, .mark, .title, .table, .card: return false
        }
    }

    /// Whether a switchable panel is on when the style does not say.
    public var onByDefault: Bool { self != .details }
}
