import CZlib
import Foundation
import Support

/// Writes opaque RGB PNGs from Cairo ARGB32 (BGRA byte order) pixels, faster than
/// `cairo_surface_write_to_png`: every row uses the "Sub" filter (PNG spec §9.2: each byte minus
/// the byte 3 to its left) and zlib compresses at level 1.
public enum PNGEncoder {
    /// PNG file bytes of a `width`×`height` image with `stride` bytes per row; alpha is dropped.
    public static func encode(bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws -> [UInt8] {
        let rowBytes = 1 + width * 3
        var raw = [UInt8](repeating: 0, count: rowBytes * height)
        raw.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let src = bgra + y * stride
                let dst = out.baseAddress! + y * rowBytes
                dst[0] = 1 // Sub filter
                var pr: UInt8 = 0, pg: UInt8 = 0, pb: UInt8 = 0
                for x in 0..<width {
                    let r = src[x * 4 + 2], g = src[x * 4 + 1], b = src[x * 4]
                    dst[1 + x * 3] = r &- pr
                    dst[2 + x * 3] = g &- pg
                    dst[3 + x * 3] = b &- pb
                    pr = r; pg = g; pb = b
                }
            }
        }
        var bound = compressBound(uLong(raw.count))
        var packed = [UInt8](repeating: 0, count: Int(bound))
        let status = packed.withUnsafeMutableBufferPointer { p in
            raw.withUnsafeBufferPointer { r in compress2(p.baseAddress, &bound, r.baseAddress, uLong(r.count), 1) }
        }
        guard status == Z_OK else { throw ToolError.failed("zlib could not compress a frame (status \(status))") }
        packed.removeSubrange(Int(bound)...)

        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)); header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0] // 8 bits, truecolour, deflate, adaptive filters, no interlace
        chunk(&png, "IHDR", header)
        chunk(&png, "IDAT", packed)
        chunk(&png, "IEND", [])
        return png
    }

    /// Encodes and writes to `path` (under a partial name, then renamed).
    public static func write(_ path: String, bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws {
        let bytes = try encode(bgra: bgra, width: width, height: height, stride: stride)
        try AtomicOutput.write(Data(bytes), to: path)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)]
    }

    private static func chunk(_ png: inout [UInt8], _ type: String, _ data: [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        crc = data.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        png += bigEndian(UInt32(crc))
    }
}
