/// The one fixed region of embedding space shown in every frame, so the view never jumps.
/// Spans the 1st–99th percentile of x and y over all epochs' coordinates, plus `margin` of that
/// range on each side; outliers beyond it are drawn at the edge of the plot.
public struct ViewBox: Sendable, Equatable {
    public var minX: Double, maxX: Double, minY: Double, maxY: Double

    public init(minX: Double, maxX: Double, minY: Double, maxY: Double) {
        self.minX = minX; self.maxX = maxX; self.minY = minY; self.maxY = maxY
    }

    /// From all epochs' interleaved `[N*2]` coordinates; non-finite values are ignored.
    public init(coordinates: [[Float]], lower: Double = 0.01, upper: Double = 0.99, margin: Double = 0.06) {
        var xs: [Float] = [], ys: [Float] = []
        for c in coordinates {
            var i = 0
            while i + 1 < c.count {
                if c[i].isFinite && c[i + 1].isFinite { xs.append(c[i]); ys.append(c[i + 1]) }
                i += 2
            }
        }
        func range(_ v: inout [Float]) -> (Double, Double) {
            guard !v.isEmpty else { return (-1, 1) }
            v.sort()
            let lo = Double(v[Int((Double(v.count - 1) * lower).rounded())])
            let hi = Double(v[Int((Double(v.count - 1) * upper).rounded())])
            let span = max(hi - lo, 1e-6)
            return (lo - margin * span, hi + margin * span)
        }
        let (x0, x1) = range(&xs), (y0, y1) = range(&ys)
        self.init(minX: x0, maxX: x1, minY: y0, maxY: y1)
    }

    /// Maps data coordinates into a pixel rectangle, keeping equal scale on both axes and
    /// centring; y grows upwards in data and downwards in pixels. Returns (scale, offsetX, offsetY)
    /// with px = offsetX + x*scale, py = offsetY − y*scale.
    public func transform(into r: Rect) -> (scale: Double, dx: Double, dy: Double) {
        let scale = min(r.width / (maxX - minX), r.height / (maxY - minY))
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        return (scale, r.x + r.width / 2 - cx * scale, r.y + r.height / 2 + cy * scale)
    }
}

/// A pixel rectangle (origin top-left).
public struct Rect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x; self.y = y; self.width = width; self.height = height
    }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public func contains(_ o: Rect, tolerance: Double = 0.5) -> Bool {
        o.x >= x - tolerance && o.y >= y - tolerance && o.maxX <= maxX + tolerance && o.maxY <= maxY + tolerance
    }
    public func intersects(_ o: Rect) -> Bool {
        x < o.maxX && o.x < maxX && y < o.maxY && o.y < maxY
    }
}
