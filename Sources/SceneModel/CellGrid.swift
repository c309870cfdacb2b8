/// One class's points bucketed into square cells at least `reach` wide, so that counting the
/// points within `reach` of a place looks at the 3 × 3 cells around it, not at every point.
/// The count is exact: the same distance test as over all points.
struct CellGrid {
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
