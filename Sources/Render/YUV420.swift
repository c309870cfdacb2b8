import SceneModel
/// Converts an opaque BGRA picture (Cairo's ARGB32 bytes on little-endian) to planar YUV 4:2:0,
/// the format the MP4 and WebM encoders take, so ffmpeg need not convert it and the pipe
/// carries 1.5 bytes a pixel instead of 4. BT.601 in limited range, as ffmpeg's own conversion
/// of untagged RGB (integer form of Rec. ITU-R BT.601 with 8-bit coefficients):
///
///     Y  = 16  + ((  66 R + 129 G +  25 B + 128) >> 8)
///     Cb = 128 + (( −38 R −  74 G + 112 B + 128) >> 8)
///     Cr = 128 + (( 112 R −  94 G −  18 B + 128) >> 8)
///
/// with R, G, B for a chroma sample the rounded mean of its 2×2 block (one or two pixels at an
/// odd right or bottom edge). Output: Y `[H, W]`, then Cb and Cr `[⌈H/2⌉, ⌈W/2⌉]` each.
///
/// Blocks of 16×2 pixels go through 16-lane vectors of UInt16 (`sixteen`), where every sum above
/// fits unsigned 16 bits once the chroma sums carry 128·256 (exact: (A + 32768) >> 8 =
/// (A >> 8) + 128); the rest, pixel by pixel. Both give the same bytes.
enum YUV420 {
    /// Bytes of a `width × height` picture.
    static func byteCount(width: Int, height: Int) -> Int {
        width * height + 2 * ((width + 1) / 2) * ((height + 1) / 2)
    }

    typealias Lanes = SIMD16<UInt16>

    /// Blue, green and red of 16 BGRA pixels at `p`.
    @inline(__always)
    private static func channels(_ p: UnsafePointer<UInt8>) -> (b: Lanes, g: Lanes, r: Lanes) {
        let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt32>.self)
        return (Lanes(truncatingIfNeeded: v & 0xFF), Lanes(truncatingIfNeeded: (v &>> 8) & 0xFF),
                Lanes(truncatingIfNeeded: (v &>> 16) & 0xFF))
    }

    @inline(__always)
    private static func luma(_ c: (b: Lanes, g: Lanes, r: Lanes)) -> SIMD16<UInt8> {
        SIMD16<UInt8>(truncatingIfNeeded: ((66 &* c.r &+ 129 &* c.g &+ 25 &* c.b &+ 128) &>> 8) &+ 16)
    }

    /// One 16×2 block: 16 luma bytes of each row at `yTop` and `yBottom`, 8 Cb and 8 Cr bytes.
    @inline(__always)
    private static func sixteen(_ top: UnsafePointer<UInt8>, _ bottom: UnsafePointer<UInt8>,
                                _ yTop: UnsafeMutablePointer<UInt8>, _ yBottom: UnsafeMutablePointer<UInt8>,
                                _ cb: UnsafeMutablePointer<UInt8>, _ cr: UnsafeMutablePointer<UInt8>) {
        let t = channels(top), d = channels(bottom)
        UnsafeMutableRawPointer(yTop).storeBytes(of: luma(t), as: SIMD16<UInt8>.self)
        UnsafeMutableRawPointer(yBottom).storeBytes(of: luma(d), as: SIMD16<UInt8>.self)
        // Column sums of the two rows, then neighbouring columns: the 2×2 blocks' rounded means.
        let sb = t.b &+ d.b, sg = t.g &+ d.g, sr = t.r &+ d.r
        let b = (sb.evenHalf &+ sb.oddHalf &+ 2) &>> 2, g = (sg.evenHalf &+ sg.oddHalf &+ 2) &>> 2
        let r = (sr.evenHalf &+ sr.oddHalf &+ 2) &>> 2
        let u = (32896 &+ 112 &* b &- 38 &* r &- 74 &* g) &>> 8
        let v = (32896 &+ 112 &* r &- 94 &* g &- 18 &* b) &>> 8
        UnsafeMutableRawPointer(cb).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: u), as: SIMD8<UInt8>.self)
        UnsafeMutableRawPointer(cr).storeBytes(of: SIMD8<UInt8>(truncatingIfNeeded: v), as: SIMD8<UInt8>.self)
    }

    static func convert(bgra: UnsafeRawBufferPointer, width: Int, height: Int, into out: UnsafeMutableRawBufferPointer) {
        precondition(bgra.count >= 4 * width * height && out.count >= byteCount(width: width, height: height))
        let src = bgra.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let y = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        let cb = y + width * height, cr = cb + cw * ch
        // Whole 2×2 blocks in one pass over two rows: both rows' luma and the block's chroma.
        let evenW = width & ~1, evenH = height & ~1
        for row in stride(from: 0, to: evenH, by: 2) {
            let top = src + 4 * width * row, bottom = top + 4 * width
            let lumaTop = y + width * row, lumaBottom = lumaTop + width
            let cbRow = cb + (row / 2) * cw, crRow = cr + (row / 2) * cw
            var x = 0
            while x + 16 <= evenW {
                sixteen(top + 4 * x, bottom + 4 * x, lumaTop + x, lumaBottom + x, cbRow + x / 2, crRow + x / 2)
                x += 16
            }
            while x < evenW {
                let p0 = top + 4 * x, p1 = p0 + 4, p2 = bottom + 4 * x, p3 = p2 + 4
                let b0 = Int32(p0[0]), g0 = Int32(p0[1]), r0 = Int32(p0[2])
                let b1 = Int32(p1[0]), g1 = Int32(p1[1]), r1 = Int32(p1[2])
                let b2 = Int32(p2[0]), g2 = Int32(p2[1]), r2 = Int32(p2[2])
                let b3 = Int32(p3[0]), g3 = Int32(p3[1]), r3 = Int32(p3[2])
                lumaTop[x] = UInt8(truncatingIfNeeded: 16 + ((66 * r0 + 129 * g0 + 25 * b0 + 128) >> 8))
                lumaTop[x + 1] = UInt8(truncatingIfNeeded: 16 + ((66 * r1 + 129 * g1 + 25 * b1 + 128) >> 8))
                lumaBottom[x] = UInt8(truncatingIfNeeded: 16 + ((66 * r2 + 129 * g2 + 25 * b2 + 128) >> 8))
                lumaBottom[x + 1] = UInt8(truncatingIfNeeded: 16 + ((66 * r3 + 129 * g3 + 25 * b3 + 128) >> 8))
                let r = (r0 + r1 + r2 + r3 + 2) >> 2, g = (g0 + g1 + g2 + g3 + 2) >> 2, b = (b0 + b1 + b2 + b3 + 2) >> 2
                cbRow[x / 2] = UInt8(truncatingIfNeeded: 128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8))
                crRow[x / 2] = UInt8(truncatingIfNeeded: 128 + ((112 * r - 94 * g - 18 * b + 128) >> 8))
                x += 2
            }
        }
        guard evenW != width || evenH != height else { return }
        // The odd right column and bottom row, by the general rule below.
        for row in 0..<height where row >= evenH || evenW != width {
            let p = src + 4 * width * row, luma = y + width * row
            for x in (row >= evenH ? 0 : evenW)..<width {
                let b = Int32(p[4 * x]), g = Int32(p[4 * x + 1]), r = Int32(p[4 * x + 2])
                luma[x] = UInt8(truncatingIfNeeded: 16 + ((66 * r + 129 * g + 25 * b + 128) >> 8))
            }
        }
        for row in 0..<ch {
            let blockRow = 2 * row + 1 < height
            let top = src + 4 * width * (2 * row), rows: Int32 = 2 * row + 1 < height ? 2 : 1
            let bottom = rows == 2 ? top + 4 * width : top
            for x in 0..<cw where !blockRow || 2 * x + 1 >= width {
                let left = 4 * (2 * x), right = 2 * x + 1 < width ? left + 4 : left
                // Sums over the block, each pixel counted once per row it lies in; n pixels.
                let n: Int32 = rows * (right == left ? 1 : 2)
                func sum(_ k: Int) -> Int32 {
                    var s = Int32(top[left + k]) + Int32(bottom[left + k]) * (rows - 1)
                    if right != left { s += Int32(top[right + k]) + Int32(bottom[right + k]) * (rows - 1) }
                    return (s + n / 2) / n
                }
                let b = sum(0), g = sum(1), r = sum(2)
                cb[row * cw + x] = UInt8(truncatingIfNeeded: 128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8))
                cr[row * cw + x] = UInt8(truncatingIfNeeded: 128 + ((112 * r - 94 * g - 18 * b + 128) >> 8))
            }
        }
    }
}
