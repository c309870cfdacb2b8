import CZlib
import Foundation
import Support

/// Writes opaque RGB PNGs from Cairo ARGB32 (BGRA byte order) pixels, faster than
/// `cairo_surface_write_to_png`: every row uses the "Sub" filter (PNG spec §9.2: each byte minus
/// the byte 3 to its left), which turns flat background into runs of zeros, and `RunDeflater`
/// compresses those runs. One encoder per thread: it keeps its buffers between frames so no
/// frame allocates (and page-faults) megabytes anew.
public final class PNGEncoder {
    private var raw: [UInt8] = []
    private let deflater = RunDeflater()

    public init() {}

    /// PNG file bytes of a `width`×`height` image with `stride` bytes per row; alpha is dropped.
    public func encode(bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) -> Data {
        let rowBytes = 1 + width * 3
        if raw.count != rowBytes * height { raw = [UInt8](repeating: 0, count: rowBytes * height) }
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
        let packed = raw.withUnsafeBufferPointer { deflater.compress($0) }
        var png = Data(capacity: packed.count + 64)
        png.append(contentsOf: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header: [UInt8] = []
        header += Self.bigEndian(UInt32(width)); header += Self.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0] // 8 bits, truecolour, deflate, adaptive filters, no interlace
        header.withUnsafeBufferPointer { Self.chunk(&png, "IHDR", $0) }
        packed.withUnsafeBufferPointer { Self.chunk(&png, "IDAT", $0) }
        Self.chunk(&png, "IEND", UnsafeBufferPointer(start: nil, count: 0))
        return png
    }

    /// Encodes and writes to `path` (under a partial name, then renamed).
    public func write(_ path: String, bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws {
        try AtomicOutput.write(encode(bgra: bgra, width: width, height: height, stride: stride), to: path)
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8((v >> 16) & 255), UInt8((v >> 8) & 255), UInt8(v & 255)]
    }

    /// Appends a chunk: length, type, data, CRC-32 of type and data.
    private static func chunk(_ png: inout Data, _ type: String, _ data: UnsafeBufferPointer<UInt8>) {
        let typeBytes = Array(type.utf8)
        png.append(contentsOf: bigEndian(UInt32(data.count)))
        png.append(contentsOf: typeBytes)
        if data.count > 0 { png.append(data) }
        var crc = crc32(0, nil, 0)
        crc = typeBytes.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, uInt($0.count)) }
        if data.count > 0 { crc = crc32(crc, data.baseAddress, uInt(data.count)) }
        png.append(contentsOf: bigEndian(UInt32(crc)))
    }
}
