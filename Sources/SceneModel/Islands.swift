/// Where each class mostly lies on the map at one snapshot: its densest place (the "island"),
/// which a label names and a caption's mark circles. A class split over several places, or
/// mixed into others, gets the place where most of it is.
///
/// For class c with points P (finite ones): ρ = `reach` × the view's diagonal; the point of P
/// with the most points of P within ρ (over an evenly spaced subsample of at most `probes`
/// candidates) is the seed; the centre is the mean of the points within ρ of the seed; the
/// radius is the distance from the centre within which `share` of P lies, clamped to ρ/2...3ρ.
/// All in map (embedding) units.
public struct Island: Sendable, Equatable {
    public let classIndex: Int
    public let x: Double, y: Double
    public let radius: Double

    /// Islands of every class with finite points at one snapshot, in class order.
    /// `xy` is `[N*2]` interleaved map coordinates.
    public static func find(xy: [Float], labels: [Int], classCount: Int, view: ViewBox,
                            reach: Double = 0.06, share: Double = 0.75, probes: Int = 400) -> [Island?] {
        let rho = reach * ((view.maxX - view.minX) * (view.maxX - view.minX) + (view.maxY - view.minY) * (view.maxY - view.minY)).squareRoot()
        var members = [[Int]](repeating: [], count: classCount)
        for (i, l) in labels.enumerated() where xy[2 * i].isFinite && xy[2 * i + 1].isFinite { members[l].append(i) }
        return xy.withUnsafeBufferPointer { p in
            members.enumerated().map { c, m -> Island? in
                guard !m.isEmpty else { return nil }
                func d2(_ i: Int, _ x: Double, _ y: Double) -> Double {
                    let dx = Double(p[2 * i]) - x, dy = Double(p[2 * i + 1]) - y
                    return dx * dx + dy * dy
                }
                let step = max(1, m.count / probes)
                var seed = m[0], best = -1
                for k in stride(from: 0, to: m.count, by: step) {
                    let s = m[k], sx = Double(p[2 * s]), sy = Double(p[2 * s + 1])
                    var near = 0
                    for j in m where d2(j, sx, sy) <= rho * rho { near += 1 }
                    if near > best { best = near; seed = s }
                }
                let sx = Double(p[2 * seed]), sy = Double(p[2 * seed + 1])
                var cx = 0.0, cy = 0.0, n = 0.0
                for j in m where d2(j, sx, sy) <= rho * rho { cx += Double(p[2 * j]); cy += Double(p[2 * j + 1]); n += 1 }
                cx /= n; cy /= n
                var distances = m.map { d2($0, cx, cy).squareRoot() }
                distances.sort()
                let r = distances[min(distances.count - 1, Int((Double(distances.count) * share).rounded(.up)) - 1)]
                return Island(classIndex: c, x: cx, y: cy, radius: min(3 * rho, max(rho / 2, r)))
            }
        }
    }
}
