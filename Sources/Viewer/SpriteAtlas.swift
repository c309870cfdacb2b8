import Foundation
import SceneModel

/// All sample pictures packed into grid images ("sprite atlases") of at most `maxSide` pixels a
/// side, so the page decodes a few PNGs instead of thousands and stays within browsers' canvas
/// limits (4096 is safe everywhere). Sample i sits on sheet i / perSheet, in column
/// (i % perSheet) % columns and row (i % perSheet) / columns of cells `width`×`height`.
public struct SpriteAtlas: Sendable {
    public let width: Int, height: Int, channels: Int
    public let columns: Int, rowsPerSheet: Int
    /// PNG file bytes of each sheet.
    public let sheets: [Data]
    public var perSheet: Int { columns * rowsPerSheet }

    /// Packs `images`; nil when a single picture is larger than `maxSide`.
    public init?(_ images: SampleImages, maxSide: Int = 4096) {
        let n = images.count
        guard n > 0, images.width <= maxSide, images.height <= maxSide else { return nil }
        let (w, h, ch) = (images.width, images.height, images.channels)
        // Square-ish sheets: enough columns for √n cells per side, capped by maxSide.
        let cols = max(1, min(maxSide / w, Int(Double(n).squareRoot().rounded(.up))))
        let rowsPerSheet = max(1, maxSide / h)
        let perSheet = cols * rowsPerSheet
        var sheets: [Data] = []
        let cell = w * h * ch, cellRow = w * ch, rowBytes = cols * cellRow
        for first in stride(from: 0, to: n, by: perSheet) {
            let count = min(n - first, perSheet)
            let rows = (count + cols - 1) / cols
            var pixels = [UInt8](repeating: 0, count: rowBytes * rows * h)
            for k in 0..<count {
                let x0 = (k % cols) * cellRow, y0 = (k / cols) * h, base = (first + k) * cell
                for y in 0..<h {
                    let to = (y0 + y) * rowBytes + x0
                    pixels.replaceSubrange(to..<(to + cellRow), with: images.pixels[(base + y * cellRow)..<(base + (y + 1) * cellRow)])
                }
            }
            sheets.append(PNGImageFile.encode(pixels: pixels, width: cols * w, height: rows * h, channels: ch))
        }
        width = w; height = h; channels = ch; columns = cols; self.rowsPerSheet = rowsPerSheet
        self.sheets = sheets
    }
}
