import Dispatch
import Foundation
import SceneModel

/// All sample pictures made for display and packed into grid images ("sprite atlases") of at
/// most `maxSide` pixels a side, so the page decodes a few WebP files instead of thousands and
/// stays within browsers' canvas limits (4096 is safe everywhere; 2048 lets several sheets be
/// encoded at once).
///
/// Made for display: a picture whose longest side is over `side` pixels is area-averaged down to
/// it (`AreaScaling`, aspect ratio kept); a smaller one is kept as it is. The sheets are lossless
/// WebP when the pictures so stored fit `megabytes` of the page (as base64), else lossy WebP at
/// `quality`, made smaller still until they fit; both are judged by encoding a sample of
/// `sampleSize` pictures spread evenly over all, so the choice costs a few milliseconds.
///
/// Layout: sample i sits on sheet i / perSheet, in column (i % perSheet) % columns and row
/// (i % perSheet) / columns of cells `cellWidth × cellHeight`, its picture `width × height` at
/// the cell's top left. Lossless cells are the picture's size; lossy cells are rounded up to
/// whole 16-pixel macroblocks, padded by repeating the picture's last column and row, so no
/// block of the codec mixes two pictures.
public struct SpriteAtlas: Sendable {
    /// Lossy WebP quality (0…100).
    public static let quality: Float = 80
    public static let sampleSize = 64
    /// The stored pictures' size and channels (1 grey, 3 RGB).
    public let width: Int, height: Int, channels: Int
    public let cellWidth: Int, cellHeight: Int
    public let columns: Int, rowsPerSheet: Int
    /// True when the sheets hold the stored pictures exactly.
    public let lossless: Bool
    /// WebP file bytes of each sheet.
    public let sheets: [Data]
    public var perSheet: Int { columns * rowsPerSheet }

    /// Makes and packs `images`; nil when there are none.
    public init?(_ images: SampleImages, side: Int, megabytes: Double, maxSide: Int = 2048) {
        let n = images.count
        guard n > 0 else { return nil }
        // Base64 carries 3 bytes in 4 characters.
        let budget = megabytes * 1e6 * 3 / 4
        let sample = images.picked(Self.evenly(Self.sampleSize, of: n))
        func bytesPerPicture(_ size: (width: Int, height: Int), lossless: Bool) -> Double {
            let packed = Self.pack(sample.scaled(width: size.width, height: size.height), lossless: lossless, maxSide: maxSide)
            return Double(packed.sheets.reduce(0) { $0 + $1.count }) / Double(sample.count)
        }
        var size = AreaScaling.fitted(width: images.width, height: images.height, within: min(side, maxSide))
        let lossless = bytesPerPicture(size, lossless: true) * Double(n) <= budget
        if !lossless {
            // Bytes grow about with the pictures' area: shrink by the square root of the excess.
            for _ in 0..<8 {
                let excess = bytesPerPicture(size, lossless: false) * Double(n) / budget
                let longest = max(size.width, size.height)
                guard excess > 1, longest > 8 else { break }
                let smaller = max(8, min(longest - 1, Int(Double(longest) / excess.squareRoot() * 0.95)))
                size = AreaScaling.fitted(width: images.width, height: images.height, within: smaller)
            }
        }
        let packed = Self.pack(images.scaled(width: size.width, height: size.height), lossless: lossless, maxSide: maxSide)
        width = size.width; height = size.height; channels = images.channels
        (cellWidth, cellHeight) = packed.cell
        columns = packed.columns; rowsPerSheet = packed.rowsPerSheet
        self.lossless = lossless
        sheets = packed.sheets
    }

    /// `count` indices spread evenly over `0..<n` (all of them when n ≤ count).
    static func evenly(_ count: Int, of n: Int) -> [Int] {
        n <= count ? Array(0..<n) : (0..<count).map { $0 * n / count }
    }

    /// Packs pictures of their final size into sheets and encodes them, in parallel.
    private static func pack(_ images: SampleImages, lossless: Bool, maxSide: Int)
        -> (cell: (Int, Int), columns: Int, rowsPerSheet: Int, sheets: [Data]) {
        let (w, h, ch, n) = (images.width, images.height, images.channels, images.count)
        let cw = lossless ? w : min(maxSide, (w + 15) / 16 * 16), chh = lossless ? h : min(maxSide, (h + 15) / 16 * 16)
        // Square-ish sheets: enough columns for √n cells per side, capped by maxSide.
        let cols = max(1, min(maxSide / cw, Int(Double(n).squareRoot().rounded(.up))))
        let rowsPerSheet = max(1, maxSide / chh)
        let perSheet = cols * rowsPerSheet
        let sheetCount = (n + perSheet - 1) / perSheet
        let cell = w * h * ch, rowBytes = cols * cw * ch
        var sheets = [Data](repeating: Data(), count: sheetCount)
        sheets.withUnsafeMutableBufferPointer { out in
            let out = out
            DispatchQueue.concurrentPerform(iterations: sheetCount) { s in
                let first = s * perSheet, count = min(n - first, perSheet)
                let rows = (count + cols - 1) / cols
                var pixels = [UInt8](repeating: 0, count: rowBytes * rows * chh)
                images.pixels.withUnsafeBufferPointer { src in
                    pixels.withUnsafeMutableBufferPointer { dst in
                        for k in 0..<count {
                            let x0 = (k % cols) * cw * ch, y0 = (k / cols) * chh, base = (first + k) * cell
                            for y in 0..<chh {
                                let from = base + min(y, h - 1) * w * ch, to = (y0 + y) * rowBytes + x0
                                for b in 0..<(w * ch) { dst[to + b] = src[from + b] }
                                // Padding repeats the row's last pixel.
                                for b in (w * ch)..<(cw * ch) { dst[to + b] = src[from + (w - 1) * ch + b % ch] }
                            }
                        }
                    }
                }
                out[s] = WebPImageFile.encode(pixels: pixels, width: cols * cw, height: rows * chh, channels: ch,
                                              quality: lossless ? nil : quality)
            }
        }
        return ((cw, chh), cols, rowsPerSheet, sheets)
    }
}

extension SampleImages {
    /// The pictures of samples `indices`, in that order.
    func picked(_ indices: [Int]) -> SampleImages {
        let size = width * height * channels
        var out = [UInt8]()
        out.reserveCapacity(indices.count * size)
        for i in indices { out += pixels[(i * size)..<((i + 1) * size)] }
        return SampleImages(height: height, width: width, channels: channels, pixels: out)
    }
}
