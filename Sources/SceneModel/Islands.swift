import Dispatch

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
        return members.enumerated().map { c, m -> Island? in
            guard !m.isEmpty else { return nil }
            // The class's points side by side: the seed search below is |probes| × |P| distances.
            let xs = m.map { Double(xy[2 * $0]) }, ys = m.map { Double(xy[2 * $0 + 1]) }
            return xs.withUnsafeBufferPointer { xs in ys.withUnsafeBufferPointer { ys in
                let rr = rho * rho
                let step = max(1, m.count / probes)
                var seed = 0, best = -1
                for k in stride(from: 0, to: m.count, by: step) {
                    let near = within(xs, ys, xs[k], ys[k], rr)
                    if near > best { best = near; seed = k }
                }
                let sx = xs[seed], sy = ys[seed]
                var cx = 0.0, cy = 0.0, n = 0.0
                for j in 0..<m.count {
                    let dx = xs[j] - sx, dy = ys[j] - sy
                    if dx * dx + dy * dy <= rr { cx += xs[j]; cy += ys[j]; n += 1 }
                }
                cx /= n; cy /= n
                var distances = (0..<m.count).map { j -> Double in
                    let dx = xs[j] - cx, dy = ys[j] - cy
                    return (dx * dx + dy * dy).squareRoot()
                }
                distances.sort()
                let r = distances[min(distances.count - 1, Int((Double(distances.count) * share).rounded(.up)) - 1)]
                return Island(classIndex: c, x: cx, y: cy, radius: min(3 * rho, max(rho / 2, r)))
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

    /// How many of the points (`xs[j]`, `ys[j]`) lie within squared distance `rr` of (`x`, `y`).
    private static func within(_ xs: UnsafeBufferPointer<Double>, _ ys: UnsafeBufferPointer<Double>,
                               _ x: Double, _ y: Double, _ rr: Double) -> Int {
        var near = 0
        for j in 0..<xs.count {
            let dx = xs[j] - x, dy = ys[j] - y
            near &+= dx * dx + dy * dy <= rr ? 1 : 0
        }
        return near
    }
}
