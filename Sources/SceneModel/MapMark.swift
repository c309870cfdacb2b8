/// The place on the map a caption talks about, circled while the caption is on screen: the
/// island of the class it names, or, for a mix-up, where the mistaken pictures lie. Centre and
/// radius in map (embedding) units.
public struct MapMark: Sendable, Equatable {
    public let x: Double, y: Double
    public let radius: Double

    public init(x: Double, y: Double, radius: Double) { self.x = x; self.y = y; self.radius = radius }

    /// The mark of `caption` at snapshot `s`, nil for captions about no one place (the intro,
    /// the biggest leap, how front-loaded learning was).
    static func of(_ caption: Caption, at s: Int, _ input: RenderInput, islands: [Island?], view: ViewBox,
                   history h: TrainingHistory) -> MapMark? {
        guard let c = caption.classIndex else { return nil }
        if caption.kind == .confused, let pair = h.mostConfused(at: s), pair.truth == c {
            let xy = input.coordinates[s], guess = input.predictions[s]
            let points = input.labels.indices.filter { input.labels[$0] == c && guess[$0] == pair.predicted && xy[2 * $0].isFinite && xy[2 * $0 + 1].isFinite }
            if !points.isEmpty { return covering(points.map { (Double(xy[2 * $0]), Double(xy[2 * $0 + 1])) }, view: view) }
        }
        guard let island = islands[c] else { return nil }
        return MapMark(x: island.x, y: island.y, radius: island.radius)
    }

    /// A circle round the points' centroid holding three quarters of them, at least 3 % of the
    /// view's diagonal across.
    static func covering(_ points: [(Double, Double)], view: ViewBox) -> MapMark {
        let n = Double(points.count)
        let cx = points.reduce(0) { $0 + $1.0 } / n, cy = points.reduce(0) { $0 + $1.1 } / n
        let d = points.map { (($0.0 - cx) * ($0.0 - cx) + ($0.1 - cy) * ($0.1 - cy)).squareRoot() }.sorted()
        let diagonal = ((view.maxX - view.minX) * (view.maxX - view.minX) + (view.maxY - view.minY) * (view.maxY - view.minY)).squareRoot()
        return MapMark(x: cx, y: cy, radius: max(0.03 * diagonal, d[min(d.count - 1, Int((0.75 * n).rounded(.up)) - 1)]))
    }
}
