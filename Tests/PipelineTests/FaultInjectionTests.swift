import Artifacts
import Foundation
import Support
import XCTest
@testable import Pipeline

/// The real programs (built next to the tests) on a disk that fills up at chosen points, and
/// killed with SIGKILL at seeded random moments: each failure is one line and a non-zero exit,
/// and the rerun (with `--resume` where there is one) writes the same bytes as a clean run.
final class FaultInjectionTests: XCTestCase {
    var bin: String { ProgramLocator.ownDirectory ?? "." }
    var work: String!

    override func setUpWithError() throws {
        for program in ["cnn-train", "umap-embed", "viz-render", "timelapse"] {
            try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: bin + "/" + program), "\(program) is not built")
        }
        work = NSTemporaryDirectory() + "fault-injection-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        addTeardownBlock { [work] in try? FileManager.default.removeItem(atPath: work!) }
        try """
        {"dataset": {"kind": "sketches", "shapes": ["circle", "square", "triangle", "cross"],
                     "train_per_class": 60, "test_per_class": 20, "seed": 3},
         "model": {"layers": [{"type": "conv2d", "name": "conv1", "out_channels": 4, "kernel": 3, "padding": 1},
                              {"type": "relu"}, {"type": "maxpool", "size": 2}, {"type": "flatten"},
                              {"type": "dense", "name": "fc1", "units": 64}, {"type": "relu"},
                              {"type": "dense", "name": "fc2", "units": 4}]},
         "optimizer": {"kind": "adam", "learning_rate": 0.003},
         "epochs": 3, "batch_size": 16, "seed": 7, "threads": 1, "tracked_samples": 40, "record": ["fc1"]}
        """.write(toFile: work + "/train.json", atomically: true, encoding: .utf8)
        try #"{"mode": "aligned", "n_neighbors": 8, "seed": 0, "threads": 1}"#
            .write(toFile: work + "/embed.json", atomically: true, encoding: .utf8)
    }

    struct Outcome { let status: Int32; let killed: Bool; let stderr: String }

    /// Runs `program` to its end, or kills it with SIGKILL after `killAfter` seconds.
    @discardableResult
    func run(_ program: String, _ arguments: [String], killAfter: Double? = nil) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin + "/" + program)
        p.arguments = arguments
        let errors = Pipe()
        p.standardError = errors
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        if let killAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + killAfter) { [p] in if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, killed: p.terminationReason == .uncaughtSignal, stderr: text)
    }

    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// What a player shows of a video: the MD5 of every decoded frame and subtitle packet
    /// (ffmpeg's framemd5), which does not depend on how the container laid them out.
    func decoded(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-v", "error", "-i", path, "-map", "0", "-c:s", "copy", "-f", "framemd5", "-"]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        // Each stream's packets in order; how ffmpeg interleaves the streams (a subtitle cue and
        // a picture at the same time) varies from one decoding of the same file to the next.
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        return lines.enumerated().sorted { ($0.element.prefix { $0 != "," }, $0.offset) < ($1.element.prefix { $0 != "," }, $1.offset) }
            .map(\.element).joined(separator: "\n")
    }

    func train(out: String, resume: Bool = false) throws -> Outcome {
        try run("cnn-train", ["--config", work + "/train.json", "--out", out, "--quiet"] + (resume ? ["--resume"] : []))
    }

    func embed(_ activations: String, out: String, killAfter: Double? = nil) throws -> Outcome {
        try run("umap-embed", ["--config", work + "/embed.json", "--activations", activations, "--layer", "fc1", "--out", out, "--quiet"],
                killAfter: killAfter)
    }

    /// A failure ends with one error line naming the program (after the progress milestones
    /// `--quiet` keeps), with a non-zero exit and no crash.
    func assertOneLineError(_ o: Outcome, _ program: String, mentioning: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(o.killed, o.stderr, file: file, line: line)
        XCTAssertNotEqual(o.status, 0, o.stderr, file: file, line: line)
        let lines = o.stderr.split(separator: "\n")
        XCTAssertEqual(lines.filter { $0.contains("error") }.count, 1, o.stderr, file: file, line: line)
        XCTAssertTrue(lines.last?.hasPrefix("\(program): error: ") == true && lines.last?.contains(mentioning) == true, o.stderr, file: file, line: line)
    }

    /// What an activations file records, read through the contract (a resumed file is
    /// appended to in place, so its HDF5 layout, not its data, may differ from a clean run's).
    func contents(_ path: String) throws -> [String] {
        let f = try ActivationsFile(path: path)
        var out = [f.steps.map(String.init).joined(separator: ","), try f.layerDigest("fc1")]
        for s in 0..<f.snapshotCount { out.append(Digest.sha256(Data(try f.probabilities(snapshot: s).withUnsafeBytes { Data($0) }))) }
        for metric in Metric.allCases where metric != .seconds { out.append("\(try f.metric(metric))") }
        return out
    }

    /// umap-embed crashed inside libhdf5 (SIGSEGV) when the disk filled: now it exits 1 with
    /// one line, leaves nothing behind, and the rerun with room writes a clean run's bytes.
    func testEmbeddingOnAFullDisk() throws {
        let activations = work + "/activations.h5", clean = work + "/clean.h5"
        XCTAssertEqual(try train(out: activations).status, 0)
        XCTAssertEqual(try embed(activations, out: clean).status, 0)
        let cleanBytes = try XCTUnwrap(bytes(clean))
        for free in [0, 4096, 12288] {
            let disk = try Tmpfs(self, kilobytes: 512)
            let out = disk.path + "/embedding.h5"
            try disk.fill(leaving: free)
            let o = try embed(activations, out: out)
            XCTAssertFalse(o.killed, "umap-embed crashed with a full disk (\(free) bytes free): \(o.stderr)")
            assertOneLineError(o, "umap-embed", mentioning: disk.path)
            XCTAssertEqual(disk.leftovers, [], "nothing left behind with \(free) bytes free")
            disk.removeFiller()
            XCTAssertEqual(try embed(activations, out: out).status, 0)
            XCTAssertEqual(bytes(out), cleanBytes, "the rerun writes a clean run's bytes (\(free) bytes free)")
        }
    }

    /// cnn-train's checkpoint (the largest write of an epoch here) meets a full disk; after
    /// making room, `--resume` finishes with a clean run's bytes.
    func testCheckpointOnAFullDiskThenResume() throws {
        let clean = work + "/clean.h5"
        XCTAssertEqual(try train(out: clean).status, 0)
        // The checkpoint (about 600 kB: fc1 has 50,000 weights, each with Adam's two moments)
        // is written whole; the activations file starts far smaller, so 300 kB free fails the
        // checkpoint first.
        let disk = try Tmpfs(self, kilobytes: 2048)
        let out = disk.path + "/activations.h5"
        try disk.fill(leaving: 300 * 1024)
        let o = try train(out: out)
        assertOneLineError(o, "cnn-train", mentioning: "No space left on device")
        XCTAssertEqual(o.status, 1, "a full disk is a failure while working (exit 1), not bad input: \(o.stderr)")
        XCTAssertTrue(o.stderr.contains("cnn-train: error: \(disk.path)/activations.checkpoint: cannot write: No space left on device"), o.stderr)
        XCTAssertFalse(disk.leftovers.contains { $0.contains("checkpoint") && $0.hasSuffix(".partial") }, "no partial checkpoint survives: \(disk.leftovers)")
        disk.removeFiller()
        XCTAssertEqual(try train(out: out, resume: true).status, 0)
        XCTAssertEqual(try contents(out), try contents(clean), "--resume after the full disk records what a clean run records")
    }

    /// The activations file meets a full disk while a snapshot is written (after its
    /// checkpoint): one line and exit 1; after making room, `--resume` records what a clean run
    /// records. (The partial file was left unreadable, and `--resume` refused it as damaged.)
    func testSnapshotWriteOnAFullDiskThenResume() throws {
        let clean = work + "/clean.h5"
        XCTAssertEqual(try train(out: clean).status, 0)
        // The checkpoint is flushed in the background while the activations file is written,
        // so with less room than the file's first snapshot needs (about 70 kB here) the
        // snapshot write meets the full disk first; which write fails where depends on HDF5's
        // allocation, so each level is tried and one must hit the snapshot.
        var hit = 0
        for free in [8, 16, 32, 48, 64] {
            let disk = try Tmpfs(self, kilobytes: 2048)
            let out = disk.path + "/activations.h5"
            try disk.fill(leaving: free * 1024)
            let o = try train(out: out)
            XCTAssertFalse(o.killed, o.stderr)
            XCTAssertNotEqual(o.status, 0, "\(free) kB free")
            guard o.stderr.contains(".activations.h5.partial") else { continue }
            hit += 1
            XCTAssertEqual(o.status, 1, o.stderr)
            assertOneLineError(o, "cnn-train", mentioning: disk.path + "/.activations.h5.partial")
            disk.removeFiller()
            let resumed = try train(out: out, resume: true)
            XCTAssertEqual(resumed.status, 0, "\(free) kB free: \(resumed.stderr)")
            XCTAssertEqual(try contents(out), try contents(clean), "--resume after a full disk in the snapshot write (\(free) kB free) records what a clean run records")
        }
        XCTAssertGreaterThan(hit, 0, "no fill level made the snapshot write fail")
    }

    /// viz-render meets a full disk while writing key frames, and (frames elsewhere) while
    /// ffmpeg writes the video: one line, exit 1, nothing left on the disk; the rerun with room
    /// writes a clean run's frames byte for byte and a video that decodes to the same frames.
    func testFramesAndVideoOnAFullDisk() throws {
        let activations = work + "/activations.h5", embedding = work + "/embedding.h5"
        XCTAssertEqual(try train(out: activations).status, 0)
        XCTAssertEqual(try embed(activations, out: embedding).status, 0)
        func render(frames: String?, video: String?) throws -> Outcome {
            var a = ["--activations", activations, "--embedding", embedding, "--threads", "2", "--quiet"]
            if let frames { a += ["--frames", frames] }
            if let video { a += ["--video", video, "--subtitles", work + "/subtitles.vtt"] }
            return try run("viz-render", a)
        }
        XCTAssertEqual(try render(frames: work + "/clean-frames", video: work + "/clean.mp4").status, 0)
        let cleanFrames = try FileManager.default.contentsOfDirectory(atPath: work + "/clean-frames").sorted()
        XCTAssertGreaterThan(cleanFrames.count, 2)

        let disk = try Tmpfs(self, kilobytes: 32 * 1024)
        try disk.fill(leaving: 700 * 1024)   // room for a frame or two, not for all of them
        let frames = try render(frames: disk.path + "/frames", video: nil)
        assertOneLineError(frames, "viz-render", mentioning: disk.path + "/frames")
        XCTAssertEqual(frames.status, 1, frames.stderr)
        XCTAssertEqual(disk.leftovers, [], "no partial frames folder survives")
        disk.removeFiller()
        XCTAssertEqual(try render(frames: disk.path + "/frames", video: nil).status, 0)
        for name in cleanFrames {
            XCTAssertEqual(bytes(disk.path + "/frames/" + name), bytes(work + "/clean-frames/" + name), name)
        }

        try disk.fill(leaving: 64 * 1024)
        let video = try render(frames: nil, video: disk.path + "/v.mp4")
        assertOneLineError(video, "viz-render", mentioning: disk.path + "/")
        XCTAssertEqual(video.status, 1, video.stderr)
        XCTAssertEqual(disk.leftovers.filter { $0 != "frames" && !$0.hasPrefix("frames/") }, [], "no partial video survives")
        disk.removeFiller()
        XCTAssertEqual(try render(frames: nil, video: disk.path + "/v.mp4").status, 0)
        XCTAssertEqual(try decoded(disk.path + "/v.mp4"), try decoded(work + "/clean.mp4"))
    }

    /// SIGKILL at seeded random moments of viz-render: nothing appears under a final name
    /// before it is complete, and each rerun writes a clean run's frames, poster and video.
    func testRenderKilledAtRandomMoments() throws {
        let activations = work + "/activations.h5", embedding = work + "/embedding.h5"
        XCTAssertEqual(try train(out: activations).status, 0)
        XCTAssertEqual(try embed(activations, out: embedding).status, 0)
        try #"{"width": 320, "height": 240, "fps": 10, "inbetween": 2, "hold_start": 0.2, "hold_snapshot": 0.1, "hold_end": 0.3}"#
            .write(toFile: work + "/small.json", atomically: true, encoding: .utf8)
        func render(_ dir: String, killAfter: Double? = nil) throws -> Outcome {
            try run("viz-render", ["--style", work + "/small.json", "--activations", activations, "--embedding", embedding, "--frames", dir + "/frames",
                                   "--video", dir + "/v.mp4", "--poster", dir + "/poster.png", "--threads", "2", "--quiet"],
                    killAfter: killAfter)
        }
        let started = Date()
        XCTAssertEqual(try render(work + "/clean").status, 0)
        let duration = Date().timeIntervalSince(started)
        let names = try FileManager.default.contentsOfDirectory(atPath: work + "/clean/frames").sorted()
        let cleanVideo = try decoded(work + "/clean/v.mp4")
        var random = SeededRandom(seed: 21)
        for k in 0..<3 {
            let dir = work + "/run\(k)"
            let o = try render(dir, killAfter: random.uniform(0.05, duration))
            if o.killed {
                // Whatever is under a final name is complete.
                if FileManager.default.fileExists(atPath: dir + "/v.mp4") { XCTAssertEqual(try decoded(dir + "/v.mp4"), cleanVideo) }
                if FileManager.default.fileExists(atPath: dir + "/frames") {
                    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/frames").sorted(), names)
                }
                if let poster = bytes(dir + "/poster.png") { XCTAssertEqual(poster, bytes(work + "/clean/poster.png")) }
            }
            XCTAssertEqual(try render(dir).status, 0, "the rerun after kill \(k)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/frames").sorted(), names)
            for name in names { XCTAssertEqual(bytes(dir + "/frames/" + name), bytes(work + "/clean/frames/" + name), name) }
            XCTAssertEqual(bytes(dir + "/poster.png"), bytes(work + "/clean/poster.png"))
            XCTAssertEqual(try decoded(dir + "/v.mp4"), cleanVideo, "the video after kill \(k)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }, [], "no partial left after the rerun")
        }
    }

    /// SIGKILL at seeded random moments of umap-embed; each rerun writes a clean run's bytes.
    func testEmbeddingKilledAtRandomMoments() throws {
        let activations = work + "/activations.h5", clean = work + "/clean.h5", out = work + "/embedding.h5"
        XCTAssertEqual(try train(out: activations).status, 0)
        let started = Date()
        XCTAssertEqual(try embed(activations, out: clean).status, 0)
        let duration = Date().timeIntervalSince(started)
        var random = SeededRandom(seed: 12)
        for _ in 0..<4 {
            let o = try embed(activations, out: out, killAfter: random.uniform(0.05, duration))
            if o.killed { XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing under the final name after a kill") }
            XCTAssertEqual(try embed(activations, out: out).status, 0)
            XCTAssertEqual(bytes(out), bytes(clean))
            try FileManager.default.removeItem(atPath: out)
        }
    }

    /// SIGKILL at seeded random moments of a whole `timelapse run`; each next run completes it
    /// with the files of an uninterrupted run.
    func testPipelineKilledAtRandomMoments() throws {
        try FileManager.default.createDirectory(atPath: work + "/pipelines", withIntermediateDirectories: true)
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        func pipeline(_ name: String) throws -> String {
            let file = work + "/pipelines/\(name).json"
            try """
            {"output": "../runs/\(name)",
             "train": {"config": "../train.json"},
             "embed": {"config": "../embed.json", "layer": "fc1"},
             "render": {"config": "\(repository)/configs/render/light.json",
                        "set": {"width": 320, "height": 240, "fps": 10, "inbetween": 1, "hold_start": 0.2, "hold_snapshot": 0.1, "hold_end": 0.2}}}
            """.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }
        let file = try pipeline("p"), output = work + "/runs/p"
        let files = ["activations.h5", "embedding.h5", "poster.png", "timelapse.mp4"]
        let started = Date()
        XCTAssertEqual(try run("timelapse", ["run", file, "--bin-dir", bin]).status, 0)
        let duration = Date().timeIntervalSince(started)
        let clean = files.map { bytes(output + "/" + $0) }
        XCTAssertTrue(clean.allSatisfy { $0 != nil })
        let cleanActivations = try contents(output + "/activations.h5")
        let cleanVideo = try decoded(output + "/timelapse.mp4")
        XCTAssertGreaterThan(cleanVideo.count, 1000)
        var random = SeededRandom(seed: 5)
        for k in 0..<4 {
            try FileManager.default.removeItem(atPath: output)
            let o = try run("timelapse", ["run", file, "--bin-dir", bin], killAfter: random.uniform(0.1, duration))
            XCTAssertEqual(try run("timelapse", ["run", file, "--bin-dir", bin]).status, 0, "the run after kill \(k) (killed: \(o.killed))")
            for (name, cleanBytes) in zip(files, clean) where name != "activations.h5" {
                XCTAssertEqual(bytes(output + "/" + name), cleanBytes, "\(name) after kill \(k) (killed: \(o.killed))")
            }
            XCTAssertEqual(try decoded(output + "/timelapse.mp4"), cleanVideo, "the video's frames and subtitles after kill \(k)")
            XCTAssertEqual(try contents(output + "/activations.h5"), cleanActivations, "activations after kill \(k)")
        }
    }
}
