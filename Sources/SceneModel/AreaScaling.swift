import Dispatch

/// Downscales 8-bit pictures by area averaging (a box filter with exact coverage, like OpenCV's
/// `INTER_AREA`): output pixel (x, y) of a `W×H → w×h` scaling is the mean of the input over the
/// rectangle [x·W/w, (x+1)·W/w) × [y·H/h, (y+1)·H/h), input pixels weighted by the fraction of
/// their area inside it, rounded to the nearest byte. Nearest-neighbour sampling would keep only
/// one input pixel in (W/w)² and alias; this keeps all of them. Separable: rows, then columns.
public struct AreaScaling: Sendable {
    public let fromWidth: Int, fromHeight: Int, toWidth: Int, toHeight: Int, channels: Int
    /// Per axis, `taps` weights for each output index and the input index each applies to
    /// (outputs that cover fewer inputs are padded with zero weights), flat `[outputs · taps]`.
    private let columns: Taps, rows: Taps

    struct Taps: Sendable {
        let taps: Int
        let index: [Int], weight: [Float]
    }

    /// A scaling from `fromWidth × fromHeight` to `toWidth × toHeight` (each side at least 1 and
    /// at most the input's) of pictures with `channels` interleaved channels.
    public init(fromWidth: Int, fromHeight: Int, toWidth: Int, toHeight: Int, channels: Int) {
        precondition(toWidth >= 1 && toWidth <= fromWidth && toHeight >= 1 && toHeight <= fromHeight,
                     "area scaling only shrinks: \(fromWidth)×\(fromHeight) to \(toWidth)×\(toHeight)")
        self.fromWidth = fromWidth; self.fromHeight = fromHeight
        self.toWidth = toWidth; self.toHeight = toHeight; self.channels = channels
        columns = Self.taps(from: fromWidth, to: toWidth)
        rows = Self.taps(from: fromHeight, to: toHeight)
    }

    /// Output j covers input [j·n/m, (j+1)·n/m); input i ∈ [i, i+1) contributes its overlap·m/n.
    private static func taps(from n: Int, to m: Int) -> Taps {
        // Exact in integers: output j's span in units of 1/m input pixels is [j·n, (j+1)·n).
        let spans = (0..<m).map { j in (j * n / m)...(((j + 1) * n - 1) / m) }
        let taps = spans.map(\.count).max()!
        var index = [Int](repeating: 0, count: m * taps), weight = [Float](repeating: 0, count: m * taps)
        for (j, span) in spans.enumerated() {
            for (k, i) in span.enumerated() {
                index[j * taps + k] = i
                weight[j * taps + k] = Float(min((j + 1) * n, (i + 1) * m) - max(j * n, i * m)) / Float(n)
            }
            for k in span.count..<taps { index[j * taps + k] = span.lowerBound }
        }
        return Taps(taps: taps, index: index, weight: weight)
    }

    /// Scales one picture `[fromHeight, fromWidth, channels]` at `src` into `dst`
    /// `[toHeight, toWidth, channels]`; `scratch` holds `(fromHeight + 1) · toWidth · channels` floats.
    public func scale(_ src: UnsafePointer<UInt8>, into dst: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Float>) {
        let ch = channels, inRow = fromWidth * ch, midRow = toWidth * ch
        columns.index.withUnsafeBufferPointer { cIndex in columns.weight.withUnsafeBufferPointer { cWeight in
        rows.index.withUnsafeBufferPointer { rIndex in rows.weight.withUnsafeBufferPointer { rWeight in
            // Rows: every input row shrunk to toWidth.
            let ct = columns.taps
            for y in 0..<fromHeight {
                let s = src + y * inRow, m = scratch + y * midRow
                for x in 0..<toWidth {
                    let out = m + x * ch
                    if ch == 3 {
                        // Colour, the common case, with the channels in registers.
                        var r: Float = 0, g: Float = 0, b: Float = 0
                        for k in (x * ct)..<((x + 1) * ct) {
                            let w = cWeight[k], p = s + cIndex[k] * 3
                            r += w * Float(p[0]); g += w * Float(p[1]); b += w * Float(p[2])
                        }
                        out[0] = r; out[1] = g; out[2] = b
                        continue
                    }
                    for c in 0..<ch { out[c] = 0 }
                    for k in (x * ct)..<((x + 1) * ct) {
                        let w = cWeight[k], p = s + cIndex[k] * ch
                        for c in 0..<ch { out[c] += w * Float(p[c]) }
                    }
                }
            }
            // Columns: output row y mixes the shrunk rows it covers.
            let rt = rows.taps, acc = scratch + fromHeight * midRow
            for y in 0..<toHeight {
                for v in 0..<midRow { acc[v] = 0 }
                for k in (y * rt)..<((y + 1) * rt) {
                    let w = rWeight[k], m = scratch + rIndex[k] * midRow
                    for v in 0..<midRow { acc[v] += w * m[v] }
                }
                let d = dst + y * midRow
                for v in 0..<midRow { d[v] = UInt8(min(255, max(0, acc[v].rounded()))) }
            }
        } } } }
    }

    /// The largest size within `side × side` with the picture's aspect ratio (each side at least
    /// 1), and never larger than the picture itself.
    public static func fitted(width: Int, height: Int, within side: Int) -> (width: Int, height: Int) {
        guard max(width, height) > side else { return (width, height) }
        let scale = Double(side) / Double(max(width, height))
        return (max(1, min(side, Int((Double(width) * scale).rounded()))), max(1, min(side, Int((Double(height) * scale).rounded()))))
    }
}

extension Thumbnail {
    /// This picture area-averaged to `width × height` (at most its own size).
    public func scaled(width w: Int, height h: Int) -> Thumbnail {
        guard w != width || h != height else { return self }
        let scaling = AreaScaling(fromWidth: width, fromHeight: height, toWidth: w, toHeight: h, channels: channels)
        var out = [UInt8](repeating: 0, count: w * h * channels)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (height + 1) * w * channels)
        defer { scratch.deallocate() }
        pixels.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in scaling.scale(s.baseAddress!, into: d.baseAddress!, scratch: scratch) }
        }
        return Thumbnail(width: w, height: h, channels: channels, pixels: out)
    }
}

extension SampleImages {
    /// Every picture area-averaged to `width × height` (at most their own size), on all cores.
    public func scaled(width w: Int, height h: Int) -> SampleImages {
        guard w != width || h != height else { return self }
        let scaling = AreaScaling(fromWidth: width, fromHeight: height, toWidth: w, toHeight: h, channels: channels)
        let n = count, inSize = width * height * channels, outSize = w * h * channels
        var out = [UInt8](repeating: 0, count: n * outSize)
        let parts = min(n, 64)
        pixels.withUnsafeBufferPointer { s in
            out.withUnsafeMutableBufferPointer { d in
                let src = s.baseAddress!, dst = d.baseAddress!
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (height + 1) * w * channels)
                    defer { scratch.deallocate() }
                    for i in stride(from: part, to: n, by: parts) {
                        scaling.scale(src + i * inSize, into: dst + i * outSize, scratch: scratch)
                    }
                }
            }
        }
        return SampleImages(height: h, width: w, channels: channels, pixels: out)
    }
}
