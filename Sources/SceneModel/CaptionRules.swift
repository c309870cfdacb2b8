/// The thresholds of every caption rule, in one place (style key `captions`; docs/render.md,
/// "Caption rules"). Shares are of a class's (or all) tracked test pictures; "points" are
/// percentage points.
public struct CaptionRules: Sendable, Equatable {
    /// A class counts as "learned" once at least this share of it is recognised (0...1).
    public var learned: Double = 0.8
    /// ... and at least this share of the pictures it calls by that class's name really are of
    /// it, at that snapshot and the one before (`TrainingHistory.learned`).
    public var learnedPrecision: Double = 0.6
    /// A class changed "markedly" when its share moved by at least this much between two
    /// snapshots (0...1, 0.10 = 10 points); also the dip that makes "got worse and recovered".
    public var markedChange: Double = 0.10
    /// The largest rise of overall accuracy is only reported when it is at least this big.
    public var minimumJump: Double = 0.05
    /// The most-confused pair (reported when it changes, and at the end) needs at least this
    /// many mistaken pictures; the gallery shows it only then too.
    public var minimumConfusions: Int = 5
    /// A class "stands apart" once this share of its pictures lie nearer their own class's
    /// centre on the map than any other's (`TrainingHistory.separation`).
    public var separated: Double = 0.9
    /// "Half of the final progress came in the first x % of practice" is said when x is at most this.
    public var frontLoaded: Double = 0.25
    /// "It calls x % of all pictures Bag" is said when one class takes at least this share of guesses.
    public var dominant: Double = 0.5
    public init() {}
}
