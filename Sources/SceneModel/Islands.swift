import Dispatch

/// Where each class mostly lies on the map at one snapshot: its densest place (the "island"),
/// which a label names and a caption's mark circles. A class split over several places, or
/// mixed into others, gets the place where most of it is.
///
/// For class c with points P (finite ones): ρ = `reach` × the view's diagonal; the point of P
/// with the most points of P within ρ (over an evenly spaced subsample of at most `probes`
/// candidates) is the seed; the centre is the mean of the points within ρ of the seed; the
/// radius is the distance from the centre within which `share` of P lies, clamped to ρ/2...3ρ;
/// the core radius is the same for the points within ρ of the seed only (clamped to ρ/2 and
/// at most the radius). For a class lying in one bunch the two are equal; for one scattered
/// over the map the radius is wide and the core still hugs its densest bunch.
/// The counts within ρ look only at nearby points (`CellGrid`).
/// All in map (embedding) units.
public struct Island: Sendable, Equatable {
    public let classIndex: Int
    public let x: Double, y: Double
    /// Holds `share` of the class (the caption's mark circles this much).
    public let radius: Double
    /// Holds `share` of the densest bunch (a label is written just outside it).
    public let core: Double

    /// Islands of every class with finite points at one snapshot, in class order.
    /// `xy` is `[N*2]` interleaved map coordinates.
    public static func find(xy: [Float], labels: [Int], classCount: Int, view: ViewBox,
                            reach: Double = 0.06, share: Double = 0.75, probes: Int = 400) -> [Island?] {
        let rho = reach * ((view.maxX - view.minX) * (view.maxX - view.minX) + (view.maxY - view.minY) * (view.maxY - view.minY)).squareRoot()
        var members = [[Int]](repeating: [], count: classCount)
        for (i, l) in labels.enumerated() where xy[2 * i].isFinite && xy[2 * i + 1].isFinite { members[l].append(i) }
        return members.enumerated().map { c, m -> Island? in
            guard !m.isEmpty else { return nil }
            // The class's points side by side: the seed search below is |probes| × |P| distances.
            let xs = m.map { Double(xy[2 * $0]) }, ys = m.map { Double(xy[2 * $0 + 1]) }
            return xs.withUnsafeBufferPointer { xs in ys.withUnsafeBufferPointer { ys in
                let rr = rho * rho
                let step = max(1, m.count / probes)
                let grid = CellGrid(xs: xs, ys: ys, reach: rho)
                var seed = 0, best = -1
                for k in stride(from: 0, to: m.count, by: step) {
                    let near = grid.count(within: rr, of: xs[k], ys[k], xs: xs, ys: ys)
                    if near > best { best = near; seed = k }
                }
                let sx = xs[seed], sy = ys[seed]
                var cx = 0.0, cy = 0.0
                var near: [Int] = []
                for j in 0..<m.count {
                    let dx = xs[j] - sx, dy = ys[j] - sy
                    if dx * dx + dy * dy <= rr { cx += xs[j]; cy += ys[j]; near.append(j) }
                }
                cx /= Double(near.count); cy /= Double(near.count)
                /// The distance from the centre within which `share` of `points` lie.
                func quantile<C: Collection<Int>>(_ points: C) -> Double {
                    var distances = points.map { j -> Double in
                        let dx = xs[j] - cx, dy = ys[j] - cy
                        return (dx * dx + dy * dy).squareRoot()
                    }
                    distances.sort()
                    return distances[min(distances.count - 1, Int((Double(distances.count) * share).rounded(.up)) - 1)]
                }
                let radius = min(3 * rho, max(rho / 2, quantile(0..<m.count)))
                let core = near.count == m.count ? radius : min(radius, max(rho / 2, quantile(near)))
                return Island(classIndex: c, x: cx, y: cy, radius: radius, core: core)
            } }
        }
    }

    /// Islands at every snapshot (`coordinates[s]` as in `find`), the snapshots spread over the cores.
    public static func find(coordinates: [[Float]], labels: [Int], classCount: Int, view: ViewBox,
                            share: Double = 0.75) -> [[Island?]] {
        let found = UnsafeMutableBufferPointer<[Island?]>.allocate(capacity: coordinates.count)
        found.initialize(repeating: [])
        defer { found.deallocate() }
        DispatchQueue.concurrentPerform(iterations: coordinates.count) { s in
            found[s] = find(xy: coordinates[s], labels: labels, classCount: classCount, view: view, share: share)
        }
        return Array(found)
    }
}
