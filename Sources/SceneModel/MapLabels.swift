/// A class's name (or a group's, when the style groups classes) written on the map beside its
/// island, so no one has to look across to a legend. Boxes are in the frames' pixels
/// (`Scene.layout.plot`); the painter writes the name inside its box (shrinking it if the
/// estimate was short), so boxes that do not overlap give texts that do not overlap.
public struct MapLabel: Sendable, Equatable {
    /// What it names: an index into `Scene.labelNames` (a class, or a group).
    public let index: Int
    public let text: String
    public let box: Rect
}

/// Places the featured classes' labels at every snapshot, greedily in rank order: each label tries
/// eight places around its island (above, below, right, left, then the diagonals, just outside the
/// island's core, its densest bunch, so a scattered class is named there; then twice and three
/// times as far), each pushed inside the map, and takes the one covering the fewest dots (ties: the
/// nearest) among those that overlap no label already placed; keeping the side it had at the
/// previous snapshot counts as covering `stay` fewer dots, so names do not hop from side to side as
/// their island moves. A label with no such place is left out at that snapshot. Sizes come from an
/// estimate of the text's width (0.7 em per character, 1.05 em for East Asian wide ones, bold),
/// never from a font.
public enum MapLabels {
    /// Labels `[S][≤ featured]` of `names` (indexed as `islands[s]` and `featured`: classes, or
    /// groups); one with no finite point at a snapshot has none there.
    public static func place(_ input: RenderInput, names: [String], islands: [[Island?]], featured: [Int], view: ViewBox,
                             plot: Rect, fontSize: Double) -> [[MapLabel]] {
        let (scale, dx, dy) = view.transform(into: plot)
        let height = 1.5 * fontSize, gap = 0.3 * fontSize
        var side: [Int: Int] = [:]   // label → the direction (0..<8) it took at the previous snapshot
        return (0..<input.snapshotCount).map { s in
            let dots = DotGrid(xy: input.coordinates[s], scale: scale, dx: dx, dy: dy, cell: 2 * fontSize)
            var placed: [MapLabel] = []
            for c in featured {
                guard let island = islands[s][c] else { continue }
                let name = names[c]
                let width = estimatedWidth(name, size: fontSize) + 0.6 * fontSize
                let ax = dx + island.x * scale, ay = dy - island.y * scale
                let r = min(island.core * scale, plot.height / 4)
                var best: (cost: Double, box: Rect, direction: Int)? = nil
                for far in [1.0, 2.0, 3.0] {
                    let e = r + gap * far + height * (far - 1)
                    let offsets: [(Double, Double)] = [
                        (0, -(e + height / 2)), (0, e + height / 2), (e + width / 2, 0), (-(e + width / 2), 0),
                        (0.7 * e + width / 2, -(0.7 * e + height / 2)), (-(0.7 * e + width / 2), -(0.7 * e + height / 2)),
                        (0.7 * e + width / 2, 0.7 * e + height / 2), (-(0.7 * e + width / 2), 0.7 * e + height / 2),
                    ]
                    for (direction, (ox, oy)) in offsets.enumerated() {
                        var box = Rect(x: ax + ox - width / 2, y: ay + oy - height / 2, width: width, height: height)
                        box.x = min(plot.maxX - box.width, max(plot.x, box.x))
                        box.y = min(plot.maxY - box.height, max(plot.y, box.y))
                        guard !placed.contains(where: { $0.box.intersects(box) }) else { continue }
                        let cost = Double(dots.count(in: box)) + (ox * ox + oy * oy).squareRoot() / max(1, fontSize) * 0.01
                            - (side[c] == direction ? stay : 0)
                        if best == nil || cost < best!.cost { best = (cost, box, direction) }
                    }
                    if best != nil { break }
                }
                if let best {
                    placed.append(MapLabel(index: c, text: name, box: best.box))
                    side[c] = best.direction
                }
            }
            return placed
        }
    }

    /// How many covered dots keeping a label's side is worth.
    public static let stay = 6.0

    /// Width of `text` in pixels at em size `size`, estimated for a bold sans-serif face.
    public static func estimatedWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + (isWide($1) ? 1.05 : 0.7) } * size
    }

    /// East Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms).
    static func isWide(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD: return true
        default: return false
        }
    }
}

/// Map dots bucketed by pixel cell, to count the dots under a box quickly.
struct DotGrid {
    private var cells: [Int: [(Double, Double)]] = [:]
    private let cell: Double

    init(xy: [Float], scale: Double, dx: Double, dy: Double, cell: Double) {
        self.cell = cell
        var i = 0
        while i + 1 < xy.count {
            if xy[i].isFinite && xy[i + 1].isFinite {
                let x = dx + Double(xy[i]) * scale, y = dy - Double(xy[i + 1]) * scale
                cells[key(Int((x / cell).rounded(.down)), Int((y / cell).rounded(.down))), default: []].append((x, y))
            }
            i += 2
        }
    }

    private func key(_ cx: Int, _ cy: Int) -> Int { cx &* 73_856_093 ^ cy &* 19_349_663 }

    /// Dots whose centre lies inside `r`.
    func count(in r: Rect) -> Int {
        var n = 0
        for cy in Int((r.y / cell).rounded(.down))...Int((r.maxY / cell).rounded(.down)) {
            for cx in Int((r.x / cell).rounded(.down))...Int((r.maxX / cell).rounded(.down)) {
                for (x, y) in cells[key(cx, cy)] ?? [] where x >= r.x && x < r.maxX && y >= r.y && y < r.maxY { n += 1 }
            }
        }
        return n
    }
}
