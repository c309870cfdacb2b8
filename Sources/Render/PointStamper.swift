/// Draws many antialiased dots and rings straight into a premultiplied ARGB32 pixel buffer
/// (Cairo's image format), much faster than a Cairo path per dot. A dot is a precomputed
/// coverage mask (disc of the given diameter, 4×4 supersampled) blended with "over":
/// dst = src·a·coverage + dst·(1 − a·coverage).
public final class PointStamper {
    public let diameter: Double
    let size: Int
    let disc: [Float]
    let ring: [Float]
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

    /// Coverage of an annulus (inner...outer radius) centred in a size×size grid, 4×4 samples per pixel.
    static func mask(size: Int, outer: Double, inner: Double) -> [Float] {
        var m = [Float](repeating: 0, count: size * size)
        let c = Double(size) / 2
        for y in 0..<size { for x in 0..<size {
            var hits = 0
            for sy in 0..<4 { for sx in 0..<4 {
                let px = Double(x) + (Double(sx) + 0.5) / 4 - c, py = Double(y) + (Double(sy) + 0.5) / 4 - c
                let r = (px * px + py * py).squareRoot()
                if r <= outer && r >= inner { hits += 1 }
            } }
            m[y * size + x] = Float(hits) / 16
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
    private func blend(_ mask: [Float], _ size: Int, _ pixels: UnsafeMutablePointer<UInt8>, _ stride: Int,
                       _ clip: (Int, Int, Int, Int), _ cx: Double, _ cy: Double,
                       _ color: (UInt8, UInt8, UInt8), _ alpha: Float) {
        let x0 = Int((cx - Double(size) / 2).rounded()), y0 = Int((cy - Double(size) / 2).rounded())
        let r = Float(color.0), g = Float(color.1), b = Float(color.2)
        mask.withUnsafeBufferPointer { m in
            for my in 0..<size {
                let y = y0 + my
                if y < clip.1 || y >= clip.3 { continue }
                let row = pixels + y * stride
                for mx in 0..<size {
                    let x = x0 + mx
                    if x < clip.0 || x >= clip.2 { continue }
                    let a = m[my * size + mx] * alpha
                    if a <= 0 { continue }
                    let p = row + x * 4
                    let keep = 1 - a
                    p[0] = UInt8(b * a + Float(p[0]) * keep + 0.5)
                    p[1] = UInt8(g * a + Float(p[1]) * keep + 0.5)
                    p[2] = UInt8(r * a + Float(p[2]) * keep + 0.5)
                    p[3] = UInt8(255 * a + Float(p[3]) * keep + 0.5)
                }
            }
        }
    }
}
