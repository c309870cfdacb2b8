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

/// One class's points bucketed into square cells at least `reach` wide, so that counting the
/// points within `reach` of a place looks at the 3 × 3 cells around it, not at every point.
/// The count is exact: the same distance test as over all points.
private struct CellGrid {
    let minX: Double, minY: Double, side: Double
    let columns: Int, rows: Int
    /// Points of cell c are `order[start[c] ..< start[c + 1]]`; cells row by row.
    let start: [Int], order: [Int]

    init(xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>, reach: Double) {
        let minX = xs.min() ?? 0, minY = ys.min() ?? 0
        let extent = max((xs.max() ?? 0) - minX, (ys.max() ?? 0) - minY)
        // At most 256 cells a side: far outliers widen the cells, not the grid.
        let side = max(reach, extent / 256, .leastNormalMagnitude)
        let columns = Int(((xs.max() ?? 0) - minX) / side) + 1, rows = Int(((ys.max() ?? 0) - minY) / side) + 1
        var cellOf = [Int](repeating: 0, count: xs.count), counts = [Int](repeating: 0, count: columns * rows + 1)
        for j in 0..<xs.count {
            let c = min(rows - 1, Int((ys[j] - minY) / side)) * columns + min(columns - 1, Int((xs[j] - minX) / side))
            cellOf[j] = c
            counts[c + 1] += 1
        }
        for c in 0..<columns * rows { counts[c + 1] += counts[c] }
        var fill = counts, order = [Int](repeating: 0, count: xs.count)
        for j in 0..<xs.count { order[fill[cellOf[j]]] = j; fill[cellOf[j]] += 1 }
        self.minX = minX; self.minY = minY; self.side = side
        self.columns = columns; self.rows = rows; start = counts; self.order = order
    }

    /// How many points lie within squared distance `rr` (≤ `reach`²) of (`x`, `y`).
    func count(within rr: Double, of x: Double, _ y: Double, xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>) -> Int {
        let column = min(columns - 1, Int((x - minX) / side)), row = min(rows - 1, Int((y - minY) / side))
        var near = 0
        for r in max(0, row - 1)...min(rows - 1, row + 1) {
            // The three cells of row r next to each other are one stretch of `order`.
            let first = r * columns + max(0, column - 1), last = r * columns + min(columns - 1, column + 1)
            for k in start[first]..<start[last + 1] {
                let j = order[k]
                let dx = xs[j] - x, dy = ys[j] - y
                near &+= dx * dx + dy * dy <= rr ? 1 : 0
            }
        }
        return near
    }
}
