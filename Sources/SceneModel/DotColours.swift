/// The map's encoding: a dot takes its class's colour once the network names its picture right,
/// and is drawn in the style's pale `wrong` tone while it names it wrong. Islands light up kind
/// by kind as the network learns; the untrained map is pale except the one kind the network
/// calls everything; a wrong picture inside an island stands out as a pale dot.
public struct DotColours: Sendable, Equatable {
    /// Per class `[C]`, the colour of a dot named right: its own colour for featured classes,
    /// the style's `otherKinds` tone for the rest.
    public let right: [RGB]
    /// Every dot named wrong.
    public let wrong: RGB

    public init(right: [RGB], wrong: RGB) { self.right = right; self.wrong = wrong }

    /// The colour of a picture of class `label` guessed as `guess`.
    @inline(__always)
    public func colour(label: Int, guess: Int) -> RGB { guess == label ? right[label] : wrong }
}
