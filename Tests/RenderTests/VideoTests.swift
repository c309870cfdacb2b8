import Artifacts
import Foundation
import Support
import XCTest
@testable import Render

final class VideoTests: XCTestCase {
    func ffprobe(_ path: String, _ entries: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try FFmpegEncoder.locate("ffprobe"))
        p.arguments = ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", entries,
                       "-of", "default=noprint_wrappers=1", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    func testVideoFromRealFilesIsH264Yuv420pWithEveryFrame() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        try TestScenes.writeActivations(dir.file("a.h5"))
        let activations = try ActivationsFile(path: dir.file("a.h5"))
        try TestScenes.writeStandInEmbedding(activations: activations, layer: "fc1", to: dir.file("e.h5"))
        let input = try RenderInput.load(activations: dir.file("a.h5"), embedding: dir.file("e.h5"))
        let renderer = VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        try renderer.render(RenderOutputs(framesDirectory: dir.file("frames"), video: dir.file("v.mp4"),
                                          poster: dir.file("poster.png"), threads: 2))
        let n = renderer.timeline.count
        // hold 0.2 s + 2 steps × (2 in-between + arrival) + hold 0.1 s + end hold 0.3 s, at 10 fps.
        XCTAssertEqual(n, 2 + 3 + 1 + 3 + 3)
        let info = try ffprobe(dir.file("v.mp4"), "stream=codec_name,pix_fmt,nb_read_frames,width,height:format=duration")
        XCTAssertTrue(info.contains("codec_name=h264"), info)
        XCTAssertTrue(info.contains("pix_fmt=yuv420p"), info)
        XCTAssertTrue(info.contains("nb_read_frames=\(n)"), info)
        XCTAssertTrue(info.contains("width=320") && info.contains("height=240"), info)
        let duration = info.split(separator: "\n").first { $0.hasPrefix("duration=") }.flatMap { Double($0.dropFirst(9)) }
        XCTAssertEqual(try XCTUnwrap(duration), Double(n) / 10, accuracy: 0.051)
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.file("frames")).filter { $0.hasSuffix(".png") }
        XCTAssertEqual(frames.count, n)
        // The poster is the last epoch, the same picture as the last frame.
        let poster = try XCTUnwrap(TestScenes.readPNG(dir.file("poster.png")))
        let last = try XCTUnwrap(TestScenes.readPNG(dir.file(String(format: "frames/frame_%05d.png", n - 1))))
        XCTAssertEqual(poster.2, last.2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: dir.file("v.mp4"))))
    }

    func testEmbeddingOfOtherActivationsIsRefused() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        try TestScenes.writeActivations(dir.file("a.h5"), seed: 1)
        try TestScenes.writeActivations(dir.file("b.h5"), seed: 2)
        try TestScenes.writeStandInEmbedding(activations: ActivationsFile(path: dir.file("a.h5")), layer: "fc1", to: dir.file("e.h5"))
        XCTAssertThrowsError(try RenderInput.load(activations: dir.file("b.h5"), embedding: dir.file("e.h5"))) { e in
            XCTAssertTrue("\(e)".contains("stale") || "\(e)".contains("do not belong"), "\(e)")
        }
    }

    func testMissingFFmpegSaysHowToInstallIt() {
        XCTAssertThrowsError(try FFmpegEncoder.locate("ffmpeg-not-installed-here")) { e in
            XCTAssertEqual((e as? ToolError)?.kind, .missingDependency)
            XCTAssertTrue("\(e)".contains("apt-get install ffmpeg"), "\(e)")
        }
    }

    func testPNGEncoderRoundTripsExactly() throws {
        let w = 37, h = 11, stride = w * 4 + 12
        var rng = TestRandom(state: 3)
        var bgra = (0..<(stride * h)).map { _ in UInt8(rng.next() & 255) }
        for i in Swift.stride(from: 3, to: bgra.count, by: 4) { bgra[i] = 255 }
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        try bgra.withUnsafeBufferPointer { try PNGEncoder().write(dir.file("x.png"), bgra: $0.baseAddress!, width: w, height: h, stride: stride) }
        let back = try XCTUnwrap(TestScenes.readPNG(dir.file("x.png")))
        XCTAssertEqual(back.0, w); XCTAssertEqual(back.1, h)
        for y in 0..<h { for x in 0..<w { for k in 0..<3 {
            XCTAssertEqual(back.2[(y * w + x) * 4 + k], bgra[y * stride + x * 4 + k])
        } } }
    }

    func testTimelineHoldsMovesMonotonicallyAndEndsOnTheLastEpoch() {
        var style = Style()
        style.fps = 10; style.inbetween = 4; style.holdStart = 1; style.holdEpoch = 0.5; style.holdEnd = 2
        let t = makeTimeline(epochCount: 4, style: style)
        XCTAssertEqual(t.count, 10 + 3 * 5 + 2 * 5 + 20)
        XCTAssertTrue(zip(t, t.dropFirst()).allSatisfy { $0.position <= $1.position })
        XCTAssertEqual(t.last, FrameTime(from: 2, t: 1))
        XCTAssertEqual(t.first, FrameTime(from: 0, t: 0))
        XCTAssertEqual(Easing.smoothstep.apply(0.5), 0.5)
        XCTAssertEqual(Easing.cubic.apply(0.25), 0.0625)
    }

    func testViewIsFixedAndIgnoresOutliers() {
        var xy: [Float] = []
        for i in 0..<200 { xy += [Float(i % 20), Float(i / 20)] }
        var withOutlier = xy
        withOutlier[0] = 1e6
        let view = ViewBox(coordinates: [xy, withOutlier])
        XCTAssertLessThan(view.maxX, 25)
        XCTAssertGreaterThan(view.maxX, 19)
        XCTAssertLessThan(view.minX, 0)
    }
}
