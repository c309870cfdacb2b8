import CCairo
import Foundation
import Support

/// Reads a PNG with Cairo and returns it as `height × width` grayscale bytes: the image is
/// composited over white (transparent areas read as white), scaled to exactly
/// `width × height` with Cairo's GOOD filter (a box filter when shrinking), and converted
/// to luminance Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601). With `invert`, 255 − Y,
/// which turns dark ink on white paper into the white-on-black of MNIST. The header's size
/// (the IHDR chunk) is checked against `maxPixels` before Cairo decodes and allocates anything.
public enum PNGImage {
    /// The most pixels a source PNG may declare: 64 Mpx (a 256 MB surface).
    public static let maxPixels = 1 << 26

    public static func grayscale(_ path: String, height: Int, width: Int, invert: Bool = false) throws -> [UInt8] {
        try checkHeader(path)
        guard let source = cairo_image_surface_create_from_png(path) else {
            throw ToolError.badInput("\(path): cairo could not read the PNG")
        }
        defer { cairo_surface_destroy(source) }
        let status = cairo_surface_status(source)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ToolError.badInput("\(path): not a readable PNG image (\(String(cString: cairo_status_to_string(status))))")
        }
        let w0 = Int(cairo_image_surface_get_width(source)), h0 = Int(cairo_image_surface_get_height(source))
        guard w0 > 0, h0 > 0 else { throw ToolError.badInput("\(path): the PNG is empty") }
        guard let target = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              cairo_surface_status(target) == CAIRO_STATUS_SUCCESS else {
            throw ToolError.failed("cairo could not create a \(width)×\(height) surface")
        }
        defer { cairo_surface_destroy(target) }
        let cr = cairo_create(target)
        defer { cairo_destroy(cr) }
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, Double(width) / Double(w0), Double(height) / Double(h0))
        cairo_set_source_surface(cr, source, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_PAD)
        cairo_paint(cr)
        cairo_surface_flush(target)
        let stride = Int(cairo_image_surface_get_stride(target))
        guard let data = cairo_image_surface_get_data(target) else {
            throw ToolError.failed("cairo gave no pixel data for a \(width)×\(height) surface")
        }
        var out = [UInt8](repeating: 0, count: width * height)
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * height) { words in
            for y in 0..<height {
                for x in 0..<width {
                    let p = words[y * stride / 4 + x]   // 0x00RRGGBB in native order
                    let r = Double((p >> 16) & 0xFF), g = Double((p >> 8) & 0xFF), b = Double(p & 0xFF)
                    let lum = UInt8(min(255, (0.299 * r + 0.587 * g + 0.114 * b).rounded()))
                    out[y * width + x] = invert ? 255 - lum : lum
                }
            }
        }
        return out
    }

    /// Reads the signature and IHDR (PNG spec §5.2, §11.2.2): width and height, big-endian
    /// u32 at bytes 16 and 20, each 1…2^31−1; refuses more than `maxPixels` in all.
    static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError.badInput("\(path): cannot read the file (does it exist?)")
        }
        defer { try? handle.close() }
        let b = [UInt8]((try? handle.read(upToCount: 24)) ?? Data())
        guard b.count == 24, b[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              b[12..<16].elementsEqual(Array("IHDR".utf8)) else {
            throw ToolError.badInput("\(path): not a PNG image (no PNG signature and IHDR header)")
        }
        func u32(_ i: Int) -> Int { Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3]) }
        let (w, h) = (u32(16), u32(20))
        guard w > 0, h > 0, w < 1 << 31, h < 1 << 31 else {
            throw ToolError.badInput("\(path): the PNG header declares \(w)×\(h) pixels; expected sizes from 1 to 2^31−1")
        }
        guard w * h <= maxPixels else {
            throw ToolError.badInput("\(path): the PNG header declares \(w)×\(h) pixels, more than the \(maxPixels / (1 << 20)) Mpx a source image may have")
        }
    }
}
