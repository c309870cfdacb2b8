import CCairo
import Support

/// A drawing as strokes: each stroke a polyline of (x, y) points in any coordinate space
/// (Quick, Draw! simplified drawings use 0...255 with y pointing down).
public typealias Strokes = [[(x: Double, y: Double)]]

/// Draws strokes into a square grayscale image the way Quick, Draw!'s 28×28 bitmaps look:
/// white ink (255) on black (0), antialiased, round caps and joins. The drawing's bounding
/// box is scaled uniformly (aspect kept) so its longer side spans `size - 2·padding -
/// lineWidth` pixels, then centered; `lineWidth` and `padding` are in output pixels.
/// A single point or zero-length stroke becomes a dot of diameter `lineWidth`.
public struct StrokeRasterizer: Equatable, Sendable {
    public var size: Int
    public var lineWidth: Double
    public var padding: Double

    public init(size: Int = 28, lineWidth: Double = 1.5, padding: Double = 1.5) {
        self.size = size
        self.lineWidth = lineWidth
        self.padding = padding
    }

    /// The image, `size * size` bytes row-major.
    public func render(_ strokes: Strokes) throws -> [UInt8] {
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(size), Int32(size)),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else {
            throw ToolError.failed("cairo could not create a \(size)×\(size) surface")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        defer { cairo_destroy(cr) }
        let points = strokes.joined()
        if let first = points.first {
            var (minX, maxX, minY, maxY) = (first.x, first.x, first.y, first.y)
            for p in points {
                minX = min(minX, p.x); maxX = max(maxX, p.x); minY = min(minY, p.y); maxY = max(maxY, p.y)
            }
            let extent = max(maxX - minX, maxY - minY)
            let span = max(1, Double(size) - 2 * padding - lineWidth)
            let scale = extent > 0 ? span / extent : 1
            let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
            let half = Double(size) / 2
            cairo_set_source_rgba(cr, 1, 1, 1, 1)
            cairo_set_line_width(cr, lineWidth)
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            for stroke in strokes where !stroke.isEmpty {
                for (k, p) in stroke.enumerated() {
                    let x = half + (p.x - cx) * scale, y = half + (p.y - cy) * scale
                    if k == 0 { cairo_move_to(cr, x, y) } else { cairo_line_to(cr, x, y) }
                }
                if stroke.count == 1 {
                    cairo_rel_line_to(cr, 0, 0)
                }
            }
            cairo_stroke(cr)
        }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else {
            throw ToolError.failed("cairo gave no pixel data for a \(size)×\(size) surface")
        }
        var out = [UInt8](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size { out[y * size + x] = data[y * stride + x] }
        }
        return out
    }
}
