/// Which classes get a colour of their own on the map. The eye tells apart about ten colours
/// (`Palette` has ten per theme), so with more classes only the ones the story is about are
/// coloured and the rest share the style's neutral `otherKinds` tone (with their labels and
/// rows still named).
///
/// With at most `limit` classes every class is featured. Otherwise classes are taken in this
/// order until `limit`: the classes the shown captions name (largest caption first), the
/// most-confused pairs at the last snapshot (true class, then the guess), then the classes that
/// improved most from the first to the last snapshot (ties: lower class index).
public enum FeaturedKinds {
    /// Featured class indices `[≤ limit]` in rank order (the first gets the palette's first colour).
    public static func choose(_ h: TrainingHistory, captions: [Caption], limit: Int) -> [Int] {
        let c = h.classes.count
        guard c > limit else { return Array(0..<c) }
        var picked: [Int] = []
        func take(_ k: Int) { if picked.count < limit && !picked.contains(k) && h.classSizes[k] > 0 { picked.append(k) } }
        for caption in captions.sorted(by: { $0.size > $1.size }) { if let k = caption.classIndex { take(k) } }
        let last = h.accuracy.count - 1
        for pair in h.confusedPairs(at: last, minimum: 1).prefix(limit) { take(pair.truth); take(pair.predicted) }
        let gain = (0..<c).map { h.classAccuracy[last][$0] - h.classAccuracy[0][$0] }
        for k in (0..<c).sorted(by: { gain[$0] != gain[$1] ? gain[$0] > gain[$1] : $0 < $1 }) { take(k) }
        return picked
    }
}
