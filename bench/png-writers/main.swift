import CDeflate
import CSpng
import CZlib
import Foundation
import Render
import SceneModel

/// PNG writers compared on the same frames in one run: every PNG in a folder (viz-render's
/// frames) is decoded once to Cairo's BGRA, then encoded by each writer, best of `repeats`
/// passes. The zlib and libdeflate writers take the same Sub-filtered scanlines as ours
/// (`PNGEncoder.filter`), so they differ only in the deflate step; libspng does its own Sub
/// filtering from RGB. Every output is decoded again and compared with the frame.
///   png-writers <folder of .png> [repeats=3]
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: png-writers <folder of .png> [repeats]\n".data(using: .utf8)!)
    exit(2)
}
let folder = arguments[1]
let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 3 : 3

struct Frame { let width: Int, height: Int; var bgra: [UInt8] }

/// RGBA8 pixels of a PNG file, through libspng.
func decode(_ png: Data) -> (width: Int, height: Int, rgba: [UInt8])? {
    guard let ctx = spng_ctx_new(0) else { return nil }
    defer { spng_ctx_free(ctx) }
    return png.withUnsafeBytes { bytes -> (Int, Int, [UInt8])? in
        guard spng_set_png_buffer(ctx, bytes.baseAddress, bytes.count) == 0 else { return nil }
        var header = spng_ihdr()
        var size = 0
        guard spng_get_ihdr(ctx, &header) == 0,
              spng_decoded_image_size(ctx, Int32(SPNG_FMT_RGBA8.rawValue), &size) == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: size)
        guard spng_decode_image(ctx, &out, size, Int32(SPNG_FMT_RGBA8.rawValue), 0) == 0 else { return nil }
        return (Int(header.width), Int(header.height), out)
    }
}

let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".png") }.sorted()
var frames: [Frame] = []
for name in names {
    guard let (w, h, rgba) = decode(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) else {
        FileHandle.standardError.write("png-writers: \(folder)/\(name) is not a PNG libspng can read\n".data(using: .utf8)!)
        exit(2)
    }
    var bgra = rgba
    for i in stride(from: 0, to: bgra.count, by: 4) { bgra.swapAt(i, i + 2) }
    frames.append(Frame(width: w, height: h, bgra: bgra))
}
guard !frames.isEmpty else {
    FileHandle.standardError.write("png-writers: no .png files in \(folder)\n".data(using: .utf8)!)
    exit(2)
}
let rawMB = Double(frames.reduce(0) { $0 + $1.width * $1.height * 3 }) / 1e6

let encoder = PNGEncoder()
var zlibOut = [UInt8](), deflateOut = [UInt8](), rgb = [UInt8]()
let compressor = libdeflate_alloc_compressor(1)!

/// Whether `png` decodes to the frame's pixels (alpha aside).
func decodesTo(_ png: Data, _ f: Frame) -> Bool {
    guard let back = decode(png), back.width == f.width, back.height == f.height else { return false }
    for i in 0..<f.width * f.height {
        let r: UInt8 = back.rgba[4 * i], g: UInt8 = back.rgba[4 * i + 1], b: UInt8 = back.rgba[4 * i + 2]
        if r != f.bgra[4 * i + 2] || g != f.bgra[4 * i + 1] || b != f.bgra[4 * i] { return false }
    }
    return true
}

typealias Writer = (name: String, encode: (Frame) -> Data)
let writers: [Writer] = [
    ("ours (RunDeflater)", { f in
        f.bgra.withUnsafeBufferPointer { encoder.encode(bgra: $0.baseAddress!, width: f.width, height: f.height, stride: f.width * 4) }
    }),
    ("zlib level 1 Z_RLE", { f in
        f.bgra.withUnsafeBufferPointer { px in
            encoder.filter(bgra: px.baseAddress!, width: f.width, height: f.height, stride: f.width * 4) { raw in
                var stream = z_stream()
                deflateInit2_(&stream, 1, Z_DEFLATED, 15, 8, Z_RLE, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
                let bound = Int(deflateBound(&stream, uLong(raw.count)))
                if zlibOut.count < bound { zlibOut = [UInt8](repeating: 0, count: bound) }
                let written: Int = zlibOut.withUnsafeMutableBufferPointer { out in
                    stream.next_in = UnsafeMutablePointer(mutating: raw.baseAddress)
                    stream.avail_in = uInt(raw.count)
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(bound)
                    deflate(&stream, Z_FINISH)
                    return bound - Int(stream.avail_out)
                }
                deflateEnd(&stream)
                return zlibOut.withUnsafeBufferPointer {
                    PNGEncoder.container(width: f.width, height: f.height, zlibStream: UnsafeBufferPointer(rebasing: $0[0..<written]))
                }
            }
        }
    }),
    ("libdeflate level 1", { f in
        f.bgra.withUnsafeBufferPointer { px in
            encoder.filter(bgra: px.baseAddress!, width: f.width, height: f.height, stride: f.width * 4) { raw in
                let bound = libdeflate_zlib_compress_bound(compressor, raw.count)
                if deflateOut.count < bound { deflateOut = [UInt8](repeating: 0, count: bound) }
                let written = deflateOut.withUnsafeMutableBytes {
                    libdeflate_zlib_compress(compressor, raw.baseAddress, raw.count, $0.baseAddress, bound)
                }
                return deflateOut.withUnsafeBufferPointer {
                    PNGEncoder.container(width: f.width, height: f.height, zlibStream: UnsafeBufferPointer(rebasing: $0[0..<written]))
                }
            }
        }
    }),
    ("libspng level 1 Z_RLE, Sub", { f in
        let n = f.width * f.height
        if rgb.count != n * 3 { rgb = [UInt8](repeating: 0, count: n * 3) }
        for i in 0..<n { rgb[3 * i] = f.bgra[4 * i + 2]; rgb[3 * i + 1] = f.bgra[4 * i + 1]; rgb[3 * i + 2] = f.bgra[4 * i] }
        let ctx = spng_ctx_new(Int32(SPNG_CTX_ENCODER.rawValue))!
        defer { spng_ctx_free(ctx) }
        spng_set_option(ctx, SPNG_ENCODE_TO_BUFFER, 1)
        spng_set_option(ctx, SPNG_FILTER_CHOICE, Int32(SPNG_FILTER_CHOICE_SUB.rawValue))
        spng_set_option(ctx, SPNG_IMG_COMPRESSION_LEVEL, 1)
        spng_set_option(ctx, SPNG_IMG_COMPRESSION_STRATEGY, Z_RLE)
        var header = spng_ihdr(width: UInt32(f.width), height: UInt32(f.height), bit_depth: 8,
                               color_type: UInt8(SPNG_COLOR_TYPE_TRUECOLOR.rawValue), compression_method: 0,
                               filter_method: 0, interlace_method: 0)
        spng_set_ihdr(ctx, &header)
        spng_encode_image(ctx, rgb, rgb.count, Int32(SPNG_FMT_PNG.rawValue), Int32(SPNG_ENCODE_FINALIZE.rawValue))
        var length = 0, error: Int32 = 0
        let buffer = spng_get_png_buffer(ctx, &length, &error)!
        defer { free(buffer) }
        return Data(bytes: buffer, count: length)
    }),
]

print(String(format: "png-writers: %d frames of %dx%d from %@, %.1f MB of RGB, best of %d passes",
             frames.count, frames[0].width, frames[0].height, folder, rawMB, repeats))
var results: [(String, Double, Int)] = []
for writer in writers {
    var best = Double.infinity, bytes = 0
    for _ in 0..<repeats {
        let started = Date()
        bytes = 0
        for f in frames { bytes += writer.encode(f).count }
        best = min(best, Date().timeIntervalSince(started))
    }
    // Round trip: every output decodes to its frame.
    for f in frames where !decodesTo(writer.encode(f), f) {
        print("\(writer.name): output does not decode to its frame"); exit(1)
    }
    results.append((writer.name, rawMB / best, bytes))
    print(writer.name.padding(toLength: 28, withPad: " ", startingAt: 0)
          + String(format: " %7.1f MB/s  %8.1f KB per frame  (round trip ok)", rawMB / best, Double(bytes) / Double(frames.count) / 1e3))
}
let ours = results[0]
let bestLibrary = results.dropFirst().max { $0.1 < $1.1 }!
print(String(format: "ours vs the fastest library (%@): %.2fx the speed, %.2fx the size", bestLibrary.0,
             ours.1 / bestLibrary.1, Double(ours.2) / Double(bestLibrary.2)))
