/// Draws many antialiased dots and rings straight into a premultiplied ARGB32 pixel buffer
/// (Cairo's image format), much faster than a Cairo path per dot. A dot is a precomputed
/// coverage mask (disc of the given diameter, 4×4 supersampled) blended with "over" in 8.8
/// fixed point: dst = src·a·coverage + dst·(1 − a·coverage).
public final class PointStamper {
    public let diameter: Double
    let size: Int
    let disc: [UInt16]
    let ring: [UInt16]
    let ringSize: Int

    /// `diameter` of a dot in pixels; rings are drawn around it, `ringWidth` pixels thick.
    public init(diameter: Double, ringWidth: Double) {
        self.diameter = diameter
        size = Int((diameter + 2).rounded(.up))
        disc = PointStamper.mask(size: size, outer: diameter / 2, inner: 0)
        let outer = diameter / 2 + ringWidth * 1.2
        ringSize = Int((2 * outer + 2).rounded(.up))
        ring = PointStamper.mask(size: ringSize, outer: outer, inner: outer - ringWidth)
    }

    /// Coverage (0...256) of an annulus (inner...outer radius) centred in a size×size grid,
    /// 4×4 samples per pixel.
    static func mask(size: Int, outer: Double, inner: Double) -> [UInt16] {
        var m = [UInt16](repeating: 0, count: size * size)
        let c = Double(size) / 2
        for y in 0..<size { for x in 0..<size {
            var hits = 0
            for sy in 0..<4 { for sx in 0..<4 {
                let px = Double(x) + (Double(sx) + 0.5) / 4 - c, py = Double(y) + (Double(sy) + 0.5) / 4 - c
                let r = (px * px + py * py).squareRoot()
                if r <= outer && r >= inner { hits += 1 }
            } }
            m[y * size + x] = UInt16(hits * 16)
        } }
        return m
    }

    /// Blends a dot of `color` (opacity `alpha`) centred at pixel (cx, cy) into `pixels`
    /// (`width`×`height`, `stride` bytes per row, BGRA byte order). Clipped to `clip`.
    @inline(__always)
    public func dot(_ pixels: UnsafeMutablePointer<UInt8>, stride: Int, clip: (Int, Int, Int, Int),
                    cx: Double, cy: Double, color: (UInt8, UInt8, UInt8), alpha: Float) {
        blend(disc, size, pixels, stride, clip, cx, cy, color, alpha)
    }

    /// Same as `dot` for a ring around the dot.
    @inline(__always)
    public func ring(_ pixels: UnsafeMutablePointer<UInt8>, stride: Int, clip: (Int, Int, Int, Int),
                     cx: Double, cy: Double, color: (UInt8, UInt8, UInt8), alpha: Float) {
        blend(ring, ringSize, pixels, stride, clip, cx, cy, color, alpha)
    }

    @inline(__always)
    private func blend(_ mask: [UInt16], _ size: Int, _ pixels: UnsafeMutablePointer<UInt8>, _ stride: Int,
                       _ clip: (Int, Int, Int, Int), _ cx: Double, _ cy: Double,
                       _ color: (UInt8, UInt8, UInt8), _ alpha: Float) {
        let x0 = Int((cx - Double(size) / 2).rounded()), y0 = Int((cy - Double(size) / 2).rounded())
        let r = UInt32(color.0), g = UInt32(color.1), b = UInt32(color.2)
        let opacity = UInt32(max(0, min(256, (alpha * 256).rounded())))
        let mx0 = max(0, clip.0 - x0), mx1 = min(size, clip.2 - x0)
        let my0 = max(0, clip.1 - y0), my1 = min(size, clip.3 - y0)
        if mx0 >= mx1 || my0 >= my1 { return }
        mask.withUnsafeBufferPointer { m in
            for my in my0..<my1 {
                let row = pixels + (y0 + my) * stride + x0 * 4
                for mx in mx0..<mx1 {
                    // a in 0...256: coverage × opacity; dst = (src·a + dst·(256 − a)) / 256, rounded.
                    let a = (UInt32(m[my * size + mx]) * opacity + 128) >> 8
                    if a == 0 { continue }
                    let p = row + mx * 4
                    let keep = 256 - a
                    p[0] = UInt8(truncatingIfNeeded: (b * a + UInt32(p[0]) * keep + 128) >> 8)
                    p[1] = UInt8(truncatingIfNeeded: (g * a + UInt32(p[1]) * keep + 128) >> 8)
                    p[2] = UInt8(truncatingIfNeeded: (r * a + UInt32(p[2]) * keep + 128) >> 8)
                    p[3] = UInt8(truncatingIfNeeded: (255 * a + UInt32(p[3]) * keep + 128) >> 8)
                }
            }
        }
    }
}
