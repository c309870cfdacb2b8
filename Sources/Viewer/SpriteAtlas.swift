import Foundation
import Render

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
        width = images.width; height = images.height; channels = images.channels
        // Square-ish sheets: enough columns for √n cells per side, capped by maxSide.
        columns = max(1, min(maxSide / width, Int(Double(n).squareRoot().rounded(.up))))
        rowsPerSheet = max(1, maxSide / height)
        let sheetCount = (n + columns * rowsPerSheet - 1) / (columns * rowsPerSheet)
        var sheets: [Data] = []
        let cell = width * height * channels
        for s in 0..<sheetCount {
            let first = s * columns * rowsPerSheet
            let count = min(n - first, columns * rowsPerSheet)
            let rows = (count + columns - 1) / columns
            let rowBytes = columns * width * channels
            var pixels = [UInt8](repeating: 0, count: rowBytes * rows * height)
            images.pixels.withUnsafeBufferPointer { src in
                for k in 0..<count {
                    let x0 = (k % columns) * width * channels, y0 = (k / columns) * height
                    let base = (first + k) * cell
                    for y in 0..<height {
                        let from = base + y * width * channels
                        let to = (y0 + y) * rowBytes + x0
                        for b in 0..<(width * channels) { pixels[to + b] = src[from + b] }
                    }
                }
            }
            sheets.append(PNGImageFile.encode(pixels: pixels, width: columns * width, height: rows * height, channels: channels))
        }
        self.sheets = sheets
    }
}
