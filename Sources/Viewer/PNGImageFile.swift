import CZlib
import Foundation
import SceneModel

/// Writes 8-bit grey (1 channel) or RGB (3 channels) PNGs with zlib (PNG spec, ISO/IEC 15948):
/// signature, IHDR, one IDAT of the deflated rows (filter byte 0 = None each), IEND; every chunk
/// carries a CRC-32 of its type and data. Used for the page's sprite atlases, at zlib's default
/// level.
enum PNGImageFile {
    /// PNG bytes of row-major `[height, width, channels]` pixels.
    static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) -> Data {
        precondition(channels == 1 || channels == 3, "PNG sheets are grey or RGB")
        let rowBytes = width * channels
        var raw = [UInt8](repeating: 0, count: (rowBytes + 1) * height)
        for y in 0..<height {
            raw.replaceSubrange((y * (rowBytes + 1) + 1)..<((y + 1) * (rowBytes + 1)),
                                with: pixels[(y * rowBytes)..<((y + 1) * rowBytes)])
        }
        var bound = compressBound(uLong(raw.count))
        var deflated = [UInt8](repeating: 0, count: Int(bound))
        let status = compress2(&deflated, &bound, raw, uLong(raw.count), Z_DEFAULT_COMPRESSION)
        precondition(status == Z_OK, "zlib compress2 failed with \(status) on a buffer of its own bound")
        var out = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.appendBigEndian(UInt32(width)); header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, channels == 1 ? 0 : 2, 0, 0, 0]) // depth, colour type, deflate, filter, no interlace
        appendChunk("IHDR", header, to: &out)
        appendChunk("IDAT", Data(deflated[0..<Int(bound)]), to: &out)
        appendChunk("IEND", Data(), to: &out)
        return out
    }

    private static func appendChunk(_ type: String, _ data: Data, to out: inout Data) {
        out.appendBigEndian(UInt32(data.count))
        var body = Data(type.utf8)
        body.append(data)
        out.append(body)
        let crc = body.withUnsafeBytes { crc32(0, $0.bindMemory(to: Bytef.self).baseAddress, uInt(body.count)) }
        out.appendBigEndian(UInt32(crc))
    }
}

extension Data {
    mutating func appendBigEndian(_ v: UInt32) {
        append(contentsOf: [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)])
    }
}
