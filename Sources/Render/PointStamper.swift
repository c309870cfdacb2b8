import SceneModel
/// Draws many antialiased dots and rings straight into a premultiplied ARGB32 pixel buffer
/// (Cairo's image format), much faster than a Cairo path per dot. A dot is a precomputed
/// coverage mask (disc of the given diameter, 4×4 supersampled) blended with "over" in 8.8
/// fixed point: dst = src·a·coverage + dst·(1 − a·coverage).
public final class PointStamper {
    public let diameter: Double
    let disc: Mask
    let ring: Mask

    /// `diameter` of a dot in pixels; rings are drawn around it, `ringWidth` pixels thick.
    public init(diameter: Double, ringWidth: Double) {
        self.diameter = diameter
        disc = Mask(size: Int((diameter + 2).rounded(.up)), outer: diameter / 2, inner: 0)
        let outer = diameter / 2 + ringWidth * 1.2
        ring = Mask(size: Int((2 * outer + 2).rounded(.up)), outer: outer, inner: outer - ringWidth)
    }

    /// Blends a dot of `color` (opacity `alpha`) centred at pixel (cx, cy) into `pixels`
    /// (`width`×`height`, `stride` bytes per row, BGRA byte order). Clipped to `clip`.
    @inline(__always)
    public func dot(_ pixels: UnsafeMutablePointer<UInt8>, stride: Int, clip: (Int, Int, Int, Int),
                    cx: Double, cy: Double, color: (UInt8, UInt8, UInt8), alpha: Float) {
        blend(disc, pixels, stride, clip, cx, cy, color, alpha)
    }

    /// Same as `dot` for a ring around the dot.
    @inline(__always)
    public func ring(_ pixels: UnsafeMutablePointer<UInt8>, stride: Int, clip: (Int, Int, Int, Int),
                     cx: Double, cy: Double, color: (UInt8, UInt8, UInt8), alpha: Float) {
        blend(ring, pixels, stride, clip, cx, cy, color, alpha)
    }

    @inline(__always)
    private func blend(_ mask: Mask, _ pixels: UnsafeMutablePointer<UInt8>, _ stride: Int,
                       _ clip: (Int, Int, Int, Int), _ cx: Double, _ cy: Double,
                       _ color: (UInt8, UInt8, UInt8), _ alpha: Float) {
        let size = mask.size
        let x0 = Int((cx - Double(size) / 2).rounded()), y0 = Int((cy - Double(size) / 2).rounded())
        if x0 + size <= clip.0 || y0 + size <= clip.1 || x0 >= clip.2 || y0 >= clip.3 { return }
        let inside = x0 >= clip.0 && y0 >= clip.1 && x0 + size <= clip.2 && y0 + size <= clip.3
        // Two channels at a time: blue and red in the low/high half of `sourceRB`, green and
        // alpha in `sourceGA`, each 0...255 in a 16-bit lane (no carry between lanes: ≤ 255·256 + 128).
        let sourceRB = UInt32(color.2) | UInt32(color.0) << 16
        let sourceGA = UInt32(color.1) | 255 << 16
        let opacity = UInt32(max(0, min(256, (alpha * 256).rounded())))
        mask.cells.withUnsafeBufferPointer { cells in
            for cell in cells {
                let x = x0 + Int(cell.x), y = y0 + Int(cell.y)
                if !inside && (x < clip.0 || x >= clip.2 || y < clip.1 || y >= clip.3) { continue }
                // a in 0...256: coverage × opacity; dst = (src·a + dst·(256 − a)) / 256, rounded.
                let a = (UInt32(cell.coverage) * opacity + 128) >> 8
                let keep = 256 - a
                let p = UnsafeMutableRawPointer(pixels + y * stride + x * 4)
                let d = p.load(as: UInt32.self)
                let rb = ((sourceRB * a + (d & 0x00FF_00FF) * keep + 0x0080_0080) >> 8) & 0x00FF_00FF
                let ga = (sourceGA * a + ((d >> 8) & 0x00FF_00FF) * keep + 0x0080_0080) & 0xFF00_FF00
                p.storeBytes(of: rb | ga, as: UInt32.self)
            }
        }
    }
}

/// The covered pixels of a dot or ring: offsets inside a size×size box and coverage 1...256.
struct Mask {
    struct Cell { var x: UInt16, y: UInt16, coverage: UInt16 }
    let size: Int
    let cells: [Cell]

    /// An annulus (inner...outer radius) centred in a size×size box, 4×4 samples per pixel.
    init(size: Int, outer: Double, inner: Double) {
        self.size = size
        var cells: [Cell] = []
        let c = Double(size) / 2
        for y in 0..<size { for x in 0..<size {
            var hits = 0
            for sy in 0..<4 { for sx in 0..<4 {
                let px = Double(x) + (Double(sx) + 0.5) / 4 - c, py = Double(y) + (Double(sy) + 0.5) / 4 - c
                let r = (px * px + py * py).squareRoot()
                if r <= outer && r >= inner { hits += 1 }
            } }
            if hits > 0 { cells.append(Cell(x: UInt16(x), y: UInt16(y), coverage: UInt16(hits * 16))) }
        } }
        self.cells = cells
    }
}
