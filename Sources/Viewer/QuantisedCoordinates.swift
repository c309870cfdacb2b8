import Foundation
import SceneModel

/// 2-D coordinates of every snapshot stored as 16-bit integers over one fixed box, so the page
/// carries 4 bytes per point and snapshot instead of a decimal text.
///
/// q = round((v − lo) / (hi − lo) · 65534) per axis, lo/hi the smallest and largest finite value
/// over all snapshots; v = lo + q / 65534 · (hi − lo) decodes it with an error of at most
/// (hi − lo) / 131068. Non-finite values are stored as 65535 (`missing`), which the page hides.
public struct QuantisedCoordinates: Sendable, Equatable {
    public static let steps: Double = 65534
    public static let missing: UInt16 = 65535
    /// Smallest and largest finite x and y over all snapshots (equal bounds get a span of 1).
    public let minX: Double, maxX: Double, minY: Double, maxY: Double
    /// `[S][N][2]` row-major, x then y.
    public let values: [UInt16]

    /// From per-snapshot interleaved coordinates `[S][N*2]`.
    public init(_ coordinates: [[Float]]) {
        var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
        for c in coordinates {
            for (k, v) in c.enumerated() where v.isFinite {
                if k % 2 == 0 { lo.0 = min(lo.0, Double(v)); hi.0 = max(hi.0, Double(v)) }
                else { lo.1 = min(lo.1, Double(v)); hi.1 = max(hi.1, Double(v)) }
            }
        }
        func span(_ a: Double, _ b: Double) -> (Double, Double) {
            guard a.isFinite, b.isFinite else { return (0, 1) }
            return b > a ? (a, b) : (a, a + 1)
        }
        let (x0, x1) = span(lo.0, hi.0), (y0, y1) = span(lo.1, hi.1)
        minX = x0; maxX = x1; minY = y0; maxY = y1
        var out = [UInt16](repeating: 0, count: coordinates.reduce(0) { $0 + $1.count })
        var i = 0
        for c in coordinates {
            for (k, v) in c.enumerated() {
                let (a, b) = k % 2 == 0 ? (x0, x1) : (y0, y1)
                out[i] = v.isFinite ? UInt16((Double(v) - a) / (b - a) * Self.steps + 0.5) : Self.missing
                i += 1
            }
        }
        values = out
    }

    /// The decoded value at flat index `i` (nil for a missing one).
    public func decoded(_ i: Int) -> Double? {
        guard values[i] != Self.missing else { return nil }
        let (a, b) = i % 2 == 0 ? (minX, maxX) : (minY, maxY)
        return a + Double(values[i]) / Self.steps * (b - a)
    }

    /// Little-endian bytes of `values`, for base64 in the page.
    public var bytes: Data {
        var d = Data(capacity: values.count * 2)
        for v in values { d.append(UInt8(v & 0xFF)); d.append(UInt8(v >> 8)) }
        return d
    }
}
