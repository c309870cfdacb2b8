import Dispatch

/// Downscales 8-bit pictures by area averaging (a box filter with exact coverage, like OpenCV's
/// `INTER_AREA`): output pixel (x, y) of a `W×H → w×h` scaling is the mean of the input over the
/// rectangle [x·W/w, (x+1)·W/w) × [y·H/h, (y+1)·H/h), input pixels weighted by the fraction of
/// their area inside it, rounded to the nearest byte. Nearest-neighbour sampling would keep only
/// one input pixel in (W/w)² and alias; this keeps all of them. Separable: rows, then columns.
public struct AreaScaling: Sendable {
    public let fromWidth: Int, fromHeight: Int, toWidth: Int, toHeight: Int, channels: Int
    /// Per axis, for each output index: its first input index and the weights of the inputs it
    /// covers (summing to 1).
    private let columns: [(first: Int, weights: [Float])], rows: [(first: Int, weights: [Float])]

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
    private static func taps(from n: Int, to m: Int) -> [(first: Int, weights: [Float])] {
        (0..<m).map { j in
            // Exact in integers: the span in units of 1/m input pixels is [j·n, (j+1)·n).
            let lo = j * n, hi = (j + 1) * n
            let first = lo / m, last = (hi - 1) / m
            let weights = (first...last).map { i in
                Float(min(hi, (i + 1) * m) - max(lo, i * m)) / Float(n)
            }
            return (first, weights)
        }
    }

    /// Scales one picture `[fromHeight, fromWidth, channels]` at `src` into `dst`
    /// `[toHeight, toWidth, channels]`; `scratch` holds `fromHeight · toWidth · channels` floats.
    public func scale(_ src: UnsafePointer<UInt8>, into dst: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<Float>) {
        let ch = channels, inRow = fromWidth * ch, midRow = toWidth * ch
        // Rows: every input row shrunk to toWidth.
        for y in 0..<fromHeight {
            let s = src + y * inRow, m = scratch + y * midRow
            for (x, tap) in columns.enumerated() {
                for c in 0..<ch {
                    var sum: Float = 0
                    var at = tap.first * ch + c
                    for w in tap.weights { sum += w * Float(s[at]); at += ch }
                    m[x * ch + c] = sum
                }
            }
        }
        // Columns: output row y mixes the shrunk rows it covers.
        for (y, tap) in rows.enumerated() {
            let d = dst + y * midRow
            for k in 0..<midRow {
                var sum: Float = 0
                var at = scratch + tap.first * midRow + k
                for w in tap.weights { sum += w * at.pointee; at += midRow }
                d[k] = UInt8(min(255, max(0, sum.rounded())))
            }
        }
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
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: height * w * channels)
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
                    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: height * w * channels)
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
