import CZlib
import Foundation
import Support
import SceneModel

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
        let packed = filter(bgra: bgra, width: width, height: height, stride: stride) { deflater.compress($0) }
        return packed.withUnsafeBufferPointer { Self.container(width: width, height: height, zlibStream: $0) }
    }

    /// Passes `compress` the image's scanlines as RGB, each row prefixed by filter type 1 (Sub),
    /// `height × (1 + 3·width)` bytes (valid during the call), and returns its result.
    public func filter<R>(bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int,
                          _ compress: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let rowBytes = 1 + width * 3
        // 16 bytes of slack: a row's last 16-byte store may run 4 bytes past it.
        if raw.count != rowBytes * height + 16 { raw = [UInt8](repeating: 0, count: rowBytes * height + 16) }
        raw.withUnsafeMutableBufferPointer { out in
            for y in 0..<height {
                let row = UnsafeRawPointer(bgra + y * stride)
                let dst = UnsafeMutableRawPointer(out.baseAddress! + y * rowBytes)
                var x = 0
                // The first pixel has nothing to its left: its bytes as they are.
                if width > 0 { Self.storeRGB(row.loadUnaligned(as: UInt32.self), dst + 1); x = 1 }
                // Four pixels at a time: bytewise current − left neighbour, then B,G,R,A → R,G,B.
                while x + 4 <= width {
                    let current = row.loadUnaligned(fromByteOffset: x * 4, as: SIMD16<UInt8>.self)
                    let left = row.loadUnaligned(fromByteOffset: x * 4 - 4, as: SIMD16<UInt8>.self)
                    let d = current &- left
                    let rgb = SIMD16<UInt8>(d[2], d[1], d[0], d[6], d[5], d[4], d[10], d[9], d[8], d[14], d[13], d[12], 0, 0, 0, 0)
                    (dst + 1 + x * 3).storeBytes(of: rgb, as: SIMD16<UInt8>.self)
                    x += 4
                }
                while x < width {
                    let current = row.loadUnaligned(fromByteOffset: x * 4, as: SIMD4<UInt8>.self)
                    let left = row.loadUnaligned(fromByteOffset: x * 4 - 4, as: SIMD4<UInt8>.self)
                    Self.storeRGB(unsafeBitCast(current &- left, to: UInt32.self), dst + 1 + x * 3)
                    x += 1
                }
                // After the row: the previous row's last store may have run over this byte.
                dst.storeBytes(of: 1, as: UInt8.self) // Sub filter
            }
        }
        return raw.withUnsafeBufferPointer { compress(UnsafeBufferPointer(rebasing: $0[0..<rowBytes * height])) }
    }

    /// A whole PNG file (signature, IHDR for 8-bit truecolour, one IDAT, IEND) around a zlib
    /// stream of filtered scanlines.
    public static func container(width: Int, height: Int, zlibStream: UnsafeBufferPointer<UInt8>) -> Data {
        var png = Data(capacity: zlibStream.count + 64)
        png.append(contentsOf: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)); header += bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0] // 8 bits, truecolour, deflate, adaptive filters, no interlace
        header.withUnsafeBufferPointer { chunk(&png, "IHDR", $0) }
        chunk(&png, "IDAT", zlibStream)
        chunk(&png, "IEND", UnsafeBufferPointer(start: nil, count: 0))
        return png
    }

    /// Encodes and writes to `path` (under a partial name, then renamed).
    public func write(_ path: String, bgra: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int) throws {
        try AtomicOutput.write(encode(bgra: bgra, width: width, height: height, stride: stride), to: path)
    }

    /// Stores the B,G,R bytes of a little-endian BGRA pixel as R,G,B at `dst`.
    @inline(__always)
    private static func storeRGB(_ bgra: UInt32, _ dst: UnsafeMutableRawPointer) {
        dst.storeBytes(of: UInt8(truncatingIfNeeded: bgra >> 16), toByteOffset: 0, as: UInt8.self)
        dst.storeBytes(of: UInt8(truncatingIfNeeded: bgra >> 8), toByteOffset: 1, as: UInt8.self)
        dst.storeBytes(of: UInt8(truncatingIfNeeded: bgra), toByteOffset: 2, as: UInt8.self)
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
