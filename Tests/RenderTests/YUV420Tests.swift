import Foundation
import XCTest
@testable import Render
@testable import SceneModel

/// The BGRA → YUV 4:2:0 conversion the MP4 and WebM encoders are fed: BT.601 limited-range
/// values of known colours, odd edges, and ffmpeg's own conversion of the same picture.
final class YUV420Tests: XCTestCase {
    func convert(_ bgra: [UInt8], width: Int, height: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: YUV420.byteCount(width: width, height: height))
        bgra.withUnsafeBytes { source in out.withUnsafeMutableBytes { YUV420.convert(bgra: source, width: width, height: height, into: $0) } }
        return out
    }

    /// White, black, red, green and blue as 2×2 blocks: (Y, Cb, Cr) = (235, 128, 128),
    /// (16, 128, 128), (82, 90, 240), (144, 54, 34), (41, 240, 110): BT.601 studio range (green's Y is
    /// 145 with exact coefficients, 144 with the 8-bit ones ffmpeg uses too).
    func testKnownColours() {
        let colours: [(b: UInt8, g: UInt8, r: UInt8, yuv: [UInt8])] = [
            (255, 255, 255, [235, 128, 128]), (0, 0, 0, [16, 128, 128]), (0, 0, 255, [82, 90, 240]),
            (0, 255, 0, [144, 54, 34]), (255, 0, 0, [41, 240, 110]),
        ]
        for c in colours {
            let out = convert(Array(repeating: [c.b, c.g, c.r, 255], count: 4).flatMap { $0 }, width: 2, height: 2)
            XCTAssertEqual(out, [c.yuv[0], c.yuv[0], c.yuv[0], c.yuv[0], c.yuv[1], c.yuv[2]], "\(c)")
        }
    }

    /// A 3×3 picture: 9 luma bytes and 2×2 chroma planes; the right and bottom chroma samples
    /// average only the pixels that exist (a white column and row around black: those samples
    /// are white, the top-left block's is the mean of 1 white and 3 black pixels).
    func testOddEdges() {
        var bgra = [UInt8](repeating: 255, count: 36)
        for (x, y) in [(0, 0), (1, 0), (0, 1), (1, 1)] where !(x == 0 && y == 0) {
            for k in 0..<3 { bgra[4 * (3 * y + x) + k] = 0 }
        }
        let out = convert(bgra, width: 3, height: 3)
        XCTAssertEqual(out.count, 9 + 2 * 4)
        XCTAssertEqual(Array(out[0..<9]), [235, 16, 235, 16, 16, 235, 235, 235, 235])
        let grey = Int32(64)   // (255 + 3·0 + 2) / 4
        XCTAssertEqual(out[9], UInt8(128 + ((-38 * grey - 74 * grey + 112 * grey + 128) >> 8)))
        XCTAssertEqual(Array(out[10..<13]), [128, 128, 128])
    }

    /// Random pictures whose widths take the 16-pixel vector path, its scalar tail and an odd
    /// edge: every byte equals the formula applied pixel by pixel.
    func testVectorPathGivesTheFormulasBytes() {
        var rng = SystemRandomNumberGenerator()
        for (width, height) in [(16, 2), (38, 6), (70, 5), (33, 4)] {
            let bgra = (0..<(4 * width * height)).map { $0 % 4 == 3 ? UInt8(255) : UInt8.random(in: 0...255, using: &rng) }
            func px(_ x: Int, _ y: Int, _ k: Int) -> Int32 { Int32(bgra[4 * (y * width + x) + k]) }
            var expected: [UInt8] = []
            for y in 0..<height {
                for x in 0..<width {
                    expected.append(UInt8(16 + ((66 * px(x, y, 2) + 129 * px(x, y, 1) + 25 * px(x, y, 0) + 128) >> 8)))
                }
            }
            let cw = (width + 1) / 2, ch = (height + 1) / 2
            var cb: [UInt8] = [], cr: [UInt8] = []
            for y in 0..<ch {
                for x in 0..<cw {
                    let xs = [2 * x, 2 * x + 1].filter { $0 < width }, ys = [2 * y, 2 * y + 1].filter { $0 < height }
                    let n = Int32(xs.count * ys.count)
                    func mean(_ k: Int) -> Int32 { (ys.flatMap { yy in xs.map { px($0, yy, k) } }.reduce(0, +) + n / 2) / n }
                    let b = mean(0), g = mean(1), r = mean(2)
                    cb.append(UInt8(128 + ((-38 * r - 74 * g + 112 * b + 128) >> 8)))
                    cr.append(UInt8(128 + ((112 * r - 94 * g - 18 * b + 128) >> 8)))
                }
            }
            XCTAssertEqual(convert(bgra, width: width, height: height), expected + cb + cr, "\(width)x\(height)")
        }
    }

    /// A smooth picture converted by ffmpeg (`-pix_fmt bgra` → `yuv420p`): luma within 1 level,
    /// chroma within 2 (ffmpeg's chroma filter differs slightly from a 2×2 mean).
    func testMatchesFFmpeg() throws {
        let ffmpeg = try FFmpegEncoder.locate()
        let width = 64, height = 48
        var bgra = [UInt8]()
        for y in 0..<height {
            for x in 0..<width { bgra += [UInt8(4 * x), UInt8(5 * y), UInt8(x + 2 * y), 255] }
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("yuv420-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.bgra"), output = dir.appendingPathComponent("out.yuv")
        try Data(bgra).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ffmpeg)
        process.arguments = ["-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgra", "-s", "\(width)x\(height)",
                             "-i", input.path, "-pix_fmt", "yuv420p", "-f", "rawvideo", output.path]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let theirs = [UInt8](try Data(contentsOf: output)), ours = convert(bgra, width: width, height: height)
        XCTAssertEqual(theirs.count, ours.count)
        for (i, (a, b)) in zip(ours, theirs).enumerated() {
            let tolerance = i < width * height ? 1 : 2
            if abs(Int(a) - Int(b)) > tolerance { return XCTFail("byte \(i): ours \(a), ffmpeg's \(b)") }
        }
    }
}
