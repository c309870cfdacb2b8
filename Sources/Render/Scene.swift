import Foundation

/// Everything shared by all frames of one video, computed once: figures, captions, the fixed
/// view, class colours, example pictures. Immutable, so render threads share it freely.
public struct Scene: Sendable {
    public let input: RenderInput
    public let style: Style
    public let history: TrainingHistory
    public let captions: [Caption]
    public let view: ViewBox
    public let colors: [RGB]
    /// One example sample per class for the legend (`nil` when the class has no samples),
    /// preferring one recognised at the last epoch.
    public let examples: [Int?]
    /// Per epoch position, the most-confused pair shown in the gallery (nil when too few).
    public let galleryPairs: [ConfusedPair?]
    public let layout: Layout
    /// Samples drawn as pictures in the map: round-robin over the classes, taking each class's
    /// members in an evenly spaced order, `style.thumbnailPoints` in all (none without images).
    public let thumbnailSamples: [Int]

    public init(input: RenderInput, style: Style) {
        self.input = input
        self.style = style
        history = TrainingHistory(input)
        captions = findCaptions(history, rules: style.rules)
        view = ViewBox(coordinates: input.coordinates)
        colors = Palette.colors(count: input.classCount, overrides: style.classColors)
        let last = input.predictions[input.epochCount - 1]
        examples = (0..<input.classCount).map { c in
            input.labels.indices.first { input.labels[$0] == c && last[$0] == c }
                ?? input.labels.indices.first { input.labels[$0] == c }
        }
        let history = self.history
        galleryPairs = (0..<input.epochCount).map { confusedPair(history, $0, style.rules) }
        var members = [[Int]](repeating: [], count: input.classCount)
        for (i, l) in input.labels.enumerated() { members[l].append(i) }
        var picked: [Int] = []
        let wanted = input.images == nil ? 0 : min(style.thumbnailPoints, input.sampleCount)
        var round = 0
        while picked.count < wanted {
            for c in 0..<input.classCount where picked.count < wanted {
                let m = members[c]
                let perClass = (wanted + input.classCount - 1) / input.classCount
                guard round < m.count, round < perClass else { continue }
                // The round-th of perClass evenly spaced members.
                picked.append(m[(round * m.count) / max(1, perClass)])
            }
            round += 1
            if round > input.sampleCount { break }
        }
        thumbnailSamples = picked
        layout = Layout(width: Double(style.width), height: Double(style.height), classCount: input.classCount,
                        panels: style.panels, hasImages: input.images != nil)
    }

    /// Captions shown on frames whose nearest recorded epoch is `e`.
    public func captions(at e: Int) -> [Caption] { captions.filter { $0.epoch == e } }

    /// Samples shown in the gallery at epoch position `e`: true class and prediction equal that
    /// epoch's most-confused pair, lowest indices first, at most `limit`.
    public func gallerySamples(at e: Int, limit: Int) -> [Int] {
        guard let pair = galleryPairs[e] else { return [] }
        var out: [Int] = []
        let p = input.predictions[e]
        for i in 0..<input.sampleCount where input.labels[i] == pair.truth && p[i] == pair.predicted {
            out.append(i)
            if out.count == limit { break }
        }
        return out
    }

    /// Fills a template's `{epoch}`, `{epochs}`, `{accuracy}`, `{kind}`, `{truth}`, `{predicted}`.
    public func fill(_ template: String, epoch e: Int) -> String {
        var s = template
        s = s.replacingOccurrences(of: "{epoch}", with: "\(input.epochs[e])")
        s = s.replacingOccurrences(of: "{epochs}", with: "\(input.epochs[input.epochCount - 1])")
        s = s.replacingOccurrences(of: "{accuracy}", with: "\(Int((history.accuracy[e] * 100).rounded()))%")
        s = s.replacingOccurrences(of: "{kind}", with: style.templates.kind)
        if let pair = galleryPairs[e] {
            s = s.replacingOccurrences(of: "{truth}", with: input.classes[pair.truth])
            s = s.replacingOccurrences(of: "{predicted}", with: input.classes[pair.predicted])
        }
        return s
    }
}
