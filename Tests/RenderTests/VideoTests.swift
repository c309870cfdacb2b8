import Artifacts
import Foundation
import Support
import XCTest
@testable import Render
@testable import SceneModel

final class VideoTests: XCTestCase {
    /// ffprobe's `key=value` lines for the first video stream's `entries` (frames counted).
    func ffprobe(_ path: String, _ entries: String) throws -> String {
        try probe(["-count_frames", "-select_streams", "v:0", "-show_entries", entries], path)
    }

    /// The subtitle streams' type, codec and language.
    func ffprobeSubtitles(_ path: String) throws -> String {
        try probe(["-select_streams", "s", "-show_entries", "stream=codec_type,codec_name:stream_tags=language"], path)
    }

    private func probe(_ arguments: [String], _ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try FFmpegEncoder.locate("ffprobe"))
        p.arguments = ["-v", "error"] + arguments + ["-of", "default=noprint_wrappers=1", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// Start and end seconds and text of every cue of a WebVTT file.
    func parseVTT(_ text: String) -> [(Double, Double, String)] {
        func seconds(_ s: Substring) -> Double {
            let p = s.split(separator: ":").map { Double($0)! }
            return p[0] * 3600 + p[1] * 60 + p[2]
        }
        var out: [(Double, Double, String)] = []
        for block in text.components(separatedBy: "\n\n").dropFirst() {
            let lines = block.split(separator: "\n")
            guard lines.count >= 3, let arrow = lines[1].range(of: " --> ") else { continue }
            let end = lines[1][arrow.upperBound...].split(separator: " ")[0]
            out.append((seconds(lines[1][..<arrow.lowerBound]), seconds(end), lines[2...].joined(separator: "\n")))
        }
        return out
    }

    func makeInputFiles(_ dir: TemporaryDirectory) throws -> RenderInput {
        try TestScenes.writeActivations(dir.file("a.h5"))
        let activations = try ActivationsFile(path: dir.file("a.h5"))
        try TestScenes.writeStandInEmbedding(activations: activations, layer: "fc1", to: dir.file("e.h5"))
        return try RenderInput.load(activations: dir.file("a.h5"), embedding: dir.file("e.h5"))
    }

    func testVideoWithSubtitleTrackKeyFramesAndPosterFromRealFiles() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let input = try makeInputFiles(dir)
        // A frames folder left by an earlier, longer run: none of it may survive.
        try FileManager.default.createDirectory(atPath: dir.file("frames"), withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: dir.file("frames/frame_09999.png")))
        let renderer = try VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        try renderer.render(RenderOutputs(framesDirectory: dir.file("frames"), video: dir.file("v.mp4"),
                                          poster: dir.file("poster.png"), threads: 2))
        let n = renderer.pacing.frames.count
        let held = HeldFrames(durations: HeldFrames.runs(of: renderer.pacing).map(\.count))
        XCTAssertEqual(held.totalFrames, n)
        XCTAssertLessThan(held.sentFrames, n / 2, "the holds are sent once")
        let info = try ffprobe(dir.file("v.mp4"), "stream=codec_name,pix_fmt,nb_read_frames,width,height:format=duration")
        XCTAssertTrue(info.contains("codec_name=h264"), info)
        XCTAssertTrue(info.contains("pix_fmt=yuv420p"), info)
        XCTAssertTrue(info.contains("nb_read_frames=\(held.sentFrames)"), info)
        // Each distinct picture starts where the timeline puts it (10 fps in the small style).
        let starts = try ffprobe(dir.file("v.mp4"), "frame=pts_time").split(separator: "\n")
            .compactMap { $0.hasPrefix("pts_time=") ? Double($0.dropFirst(9)) : nil }
        XCTAssertEqual(starts.count, held.sentFrames)
        for (got, expected) in zip(starts, held.starts) { XCTAssertEqual(got, Double(expected) / 10, accuracy: 0.001) }
        XCTAssertTrue(info.contains("width=320") && info.contains("height=240"), info)
        let duration = info.split(separator: "\n").first { $0.hasPrefix("duration=") }.flatMap { Double($0.dropFirst(9)) }
        XCTAssertEqual(try XCTUnwrap(duration), Double(n) / 10, accuracy: 0.11)
        // The soft subtitle track, and the WebVTT beside the video with the pacing's cues.
        let subs = try ffprobeSubtitles(dir.file("v.mp4"))
        XCTAssertTrue(subs.contains("codec_name=mov_text") && subs.contains("codec_type=subtitle"), subs)
        let vtt = try String(contentsOfFile: dir.file("v.vtt"), encoding: .utf8)
        let cues = parseVTT(vtt)
        XCTAssertEqual(cues.count, renderer.pacing.cues.count)
        for (cue, expected) in zip(cues, renderer.pacing.cues) {
            XCTAssertEqual(cue.2, expected.text)
            XCTAssertEqual(cue.0, expected.start, accuracy: 0.0005); XCTAssertEqual(cue.1, expected.end, accuracy: 0.0005)
            XCTAssertGreaterThanOrEqual(cue.1 - cue.0 + 0.001, Double(cue.2.count) / 15, cue.2)
        }
        // One key frame per snapshot and the summary; nothing stale, nothing partial.
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.file("frames")).sorted()
        XCTAssertEqual(frames, ["snapshot_000.png", "snapshot_001.png", "snapshot_002.png", "summary.png"])
        let poster = try XCTUnwrap(TestScenes.readPNG(dir.file("poster.png")))
        let last = try XCTUnwrap(TestScenes.readPNG(dir.file("frames/snapshot_002.png")))
        XCTAssertEqual(poster.2, last.2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }, [])
    }

    func testWebMAndGIFLastTheWholeTimelineWithEachPictureOnce() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let input = try makeInputFiles(dir)
        let renderer = try VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        let held = HeldFrames(durations: HeldFrames.runs(of: renderer.pacing).map(\.count))
        for name in ["v.webm", "v.gif"] {
            try renderer.render(RenderOutputs(video: dir.file(name), subtitles: dir.file(name + ".vtt"), threads: 2))
            let info = try ffprobe(dir.file(name), "stream=nb_read_frames:format=duration")
            XCTAssertTrue(info.contains("nb_read_frames=\(held.sentFrames)"), "\(name): \(info)")
            let duration = info.split(separator: "\n").first { $0.hasPrefix("duration=") }.flatMap { Double($0.dropFirst(9)) }
            XCTAssertEqual(try XCTUnwrap(duration, name), Double(held.totalFrames) / 10, accuracy: 0.11, name)
        }
    }

    func testAllFramesOnRequest() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let input = try makeInputFiles(dir)
        let renderer = try VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        try renderer.render(RenderOutputs(framesDirectory: dir.file("frames"), allFrames: true, threads: 2))
        let frames = try FileManager.default.contentsOfDirectory(atPath: dir.file("frames"))
        XCTAssertEqual(frames.count, renderer.pacing.frames.count)
        XCTAssertTrue(frames.contains(String(format: "frame_%05d.png", renderer.pacing.frames.count - 1)))
    }

    func testAFailedVideoLeavesNoPartialAndTheOldFramesUntouched() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let input = try makeInputFiles(dir)
        try FileManager.default.createDirectory(atPath: dir.file("frames"), withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: dir.file("frames/old.png")))
        // ffmpeg cannot write into /proc: the video fails after the frames were drawn.
        let renderer = try VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        XCTAssertThrowsError(try renderer.render(RenderOutputs(framesDirectory: dir.file("frames"), video: "/proc/v.mp4",
                                                               subtitles: dir.file("v.vtt"), poster: dir.file("p.png"), threads: 2)))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.file("frames")), ["old.png"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["a.h5", "e.h5", "frames"])
    }

    func testUnwritableFramesFolderIsOneCleanErrorLine() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        let input = try makeInputFiles(dir)
        let renderer = try VideoRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 320, height: 240)))
        XCTAssertThrowsError(try renderer.render(RenderOutputs(framesDirectory: "/proc/frames", threads: 1))) { e in
            let message = "\(e)"
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
            XCTAssertTrue(message.hasPrefix("/proc/frames: cannot write frames"), message)
            XCTAssertFalse(message.contains("\n"), message)
            XCTAssertFalse(message.contains("NSError") || message.contains("Domain="), message)
        }
    }

    func testNaNProbabilitiesAreRefusedNamingSnapshotAndSample() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        try TestScenes.writeActivations(dir.file("a.h5"), nanAt: (1, 4))
        let activations = try ActivationsFile(path: dir.file("a.h5"))
        try TestScenes.writeStandInEmbedding(activations: activations, layer: "fc1", to: dir.file("e.h5"))
        XCTAssertThrowsError(try RenderInput.load(activations: dir.file("a.h5"), embedding: dir.file("e.h5"))) { e in
            XCTAssertTrue("\(e)".contains("a.h5: /predictions/probability at snapshot 1 (step 10), sample 4"), "\(e)")
            XCTAssertEqual((e as? ToolError)?.kind, .badInput)
        }
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

    /// Widths around the filter's four-pixel steps (1, under one step, a step plus a tail, …).
    func testPNGEncoderRoundTripsExactly() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        for w in [1, 2, 4, 5, 7, 8, 9, 37] {
            let h = 11, stride = w * 4 + 12
            var rng = TestRandom(state: UInt64(3 + w))
            var bgra = (0..<(stride * h)).map { _ in UInt8(rng.next() & 255) }
            for i in Swift.stride(from: 3, to: bgra.count, by: 4) { bgra[i] = 255 }
            try bgra.withUnsafeBufferPointer { try PNGEncoder().write(dir.file("x\(w).png"), bgra: $0.baseAddress!, width: w, height: h, stride: stride) }
            let back = try XCTUnwrap(TestScenes.readPNG(dir.file("x\(w).png")))
            XCTAssertEqual(back.0, w); XCTAssertEqual(back.1, h)
            for y in 0..<h { for x in 0..<w { for k in 0..<3 {
                XCTAssertEqual(back.2[(y * w + x) * 4 + k], bgra[y * stride + x * 4 + k], "width \(w), pixel \(x),\(y)")
            } } }
        }
    }

    /// The Sub filter's bytes against its definition (PNG §9.2: each byte minus the byte 3 to its
    /// left, RGB order, filter byte 1 first), for a width with a four-pixel step and a tail.
    func testPNGFilterMatchesItsDefinition() {
        let w = 11, h = 3, stride = w * 4
        var rng = TestRandom(state: 17)
        let bgra = (0..<(stride * h)).map { _ in UInt8(rng.next() & 255) }
        let filtered = bgra.withUnsafeBufferPointer { PNGEncoder().filter(bgra: $0.baseAddress!, width: w, height: h, stride: stride) { Array($0) } }
        var expected: [UInt8] = []
        for y in 0..<h {
            expected.append(1)
            for x in 0..<w { for k in [2, 1, 0] {
                let left = x == 0 ? 0 : bgra[y * stride + (x - 1) * 4 + k]
                expected.append(bgra[y * stride + x * 4 + k] &- left)
            } }
        }
        XCTAssertEqual(filtered, expected)
    }

    func testPacingMovesForwardAndEndsOnTheCard() throws {
        let scene = Scene(input: try TestScenes.clusters(), style: TestScenes.smallStyle())
        let t = scene.pacing.frames
        XCTAssertTrue(zip(t, t.dropFirst()).allSatisfy { $0.position <= $1.position })
        XCTAssertEqual(t.first, FrameTime(from: 0, t: 0, guide: 0))
        XCTAssertEqual(t[scene.pacing.storyStart], FrameTime(from: 0, t: 0, page: 0))
        XCTAssertEqual(t.last, FrameTime(from: 2, t: 0, card: true))
        XCTAssertEqual(scene.pacing.keyFrames.map { t[$0].from }, [0, 1, 2])
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
