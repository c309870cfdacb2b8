import Support
import Foundation

/// The simple shapes of the generated sketch set, each drawn as strokes with seeded jitter so
/// no two samples are alike: a random rotation (±`rotation` radians), aspect stretch
/// (0.8–1.25), and per-vertex noise of `noise` × the shape's size. Shapes are drawn in a
/// unit box around the origin, y down; the rasterizer fits them to the image.
public enum SketchShape: String, CaseIterable, Sendable {
    case circle, square, triangle, line, cross, zigzag, star, spiral, arrow, house

    /// One jittered drawing of this shape.
    public func strokes(random r: inout SeededRandom, noise: Double = 0.04, rotation: Double = 0.3) -> Strokes {
        let base = outline(random: &r)
        let angle = r.uniform(-rotation, rotation)
        let stretch = exp(r.uniform(-0.22, 0.22))
        let (c, s) = (cos(angle), sin(angle))
        return base.map { stroke in
            stroke.map { p in
                let x = p.x * stretch + r.uniform(-noise, noise), y = p.y / stretch + r.uniform(-noise, noise)
                return (x: c * x - s * y, y: s * x + c * y)
            }
        }
    }

    /// The shape before jitter (a random start angle for round shapes, slightly open ends).
    private func outline(random r: inout SeededRandom) -> Strokes {
        switch self {
        case .circle:
            let start = r.uniform(0, 2 * .pi), sweep = 2 * .pi * r.uniform(0.92, 1.05)
            return [Self.arc(start: start, sweep: sweep, radius: { _ in 1 }, points: 28)]
        case .square:
            return [[(-1, -1), (1, -1), (1, 1), (-1, 1), (-1, -1)].map { (x: $0.0, y: $0.1) }]
        case .triangle:
            return [[(0, -1), (1, 0.8), (-1, 0.8), (0, -1)].map { (x: $0.0, y: $0.1) }]
        case .line:
            return [[(x: -1, y: 0), (x: 0, y: r.uniform(-0.05, 0.05)), (x: 1, y: 0)]]
        case .cross:
            return [[(x: 0, y: -1), (x: 0, y: 1)], [(x: -1, y: 0), (x: 1, y: 0)]]
        case .zigzag:
            return [(0...4).map { k -> (x: Double, y: Double) in
                let y: Double = k % 2 == 0 ? 0.5 : -0.5
                return (x: -1 + Double(k) / 2, y: y)
            }]
        case .star:
            return [(0...5).map { k in
                let a = -Double.pi / 2 + Double(k * 2 % 5) * 2 * .pi / 5
                return (x: cos(a), y: sin(a))
            }]
        case .spiral:
            let turns = r.uniform(2, 2.6)
            return [Self.arc(start: 0, sweep: 2 * .pi * turns, radius: { $0 }, points: 48)]
        case .arrow:
            return [[(x: -1, y: 0), (x: 1, y: 0)], [(x: 0.4, y: -0.5), (x: 1, y: 0), (x: 0.4, y: 0.5)]]
        case .house:
            return [[(-0.8, 1), (-0.8, -0.1), (0.8, -0.1), (0.8, 1), (-0.8, 1)].map { (x: $0.0, y: $0.1) },
                    [(-1, 0), (0, -1), (1, 0)].map { (x: $0.0, y: $0.1) }]
        }
    }

    /// Points along an arc from `start` over `sweep` radians; `radius(t)` for t in 0...1.
    private static func arc(start: Double, sweep: Double, radius: (Double) -> Double, points: Int) -> [(x: Double, y: Double)] {
        (0...points).map { k in
            let t = Double(k) / Double(points), a = start + sweep * t
            return (x: radius(t) * cos(a), y: radius(t) * sin(a))
        }
    }
}
