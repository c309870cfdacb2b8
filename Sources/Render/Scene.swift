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
    /// The most-confused (true, predicted) pair at the last epoch, shown in the gallery.
    public let galleryPair: (truth: Int, predicted: Int)?
    public let layout: Layout

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
        if let pair = history.mostConfused(at: input.epochCount - 1), pair.count >= style.rules.minimumConfusions {
            galleryPair = (pair.truth, pair.predicted)
        } else {
            galleryPair = nil
        }
        layout = Layout(width: Double(style.width), height: Double(style.height), classCount: input.classCount,
                        panels: style.panels, hasImages: input.images != nil)
    }

    /// Captions shown on frames whose nearest recorded epoch is `e`.
    public func captions(at e: Int) -> [Caption] { captions.filter { $0.epoch == e } }

    /// Samples shown in the gallery at epoch position `e`: true class and prediction equal the
    /// gallery pair, lowest indices first, at most `limit`.
    public func gallerySamples(at e: Int, limit: Int) -> [Int] {
        guard let pair = galleryPair else { return [] }
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
        if let pair = galleryPair {
            s = s.replacingOccurrences(of: "{truth}", with: input.classes[pair.truth])
            s = s.replacingOccurrences(of: "{predicted}", with: input.classes[pair.predicted])
        }
        return s
    }
}
