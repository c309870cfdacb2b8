import Dispatch
import Foundation
import Synchronization
import Support
import SceneModel

/// What to produce from a scene. The outputs are peers: each takes the frames (or the cues) it
/// needs from the same scene.
public struct RenderOutputs: Sendable {
    /// Folder for PNG frames, nil for none.
    public var framesDirectory: String?
    /// Every frame into the folder, instead of one key frame per snapshot plus the summary.
    public var allFrames: Bool
    /// Video file, nil for none; its format follows the extension (.mp4, .webm, .gif).
    public var video: String?
    /// WebVTT subtitles; nil = beside the video (same name, `.vtt`) when there is a video.
    public var subtitles: String?
    /// PNG of the last snapshot, nil for none.
    public var poster: String?
    /// Render threads (0 = one per core).
    public var threads = 0
    public init(framesDirectory: String? = nil, allFrames: Bool = false, video: String? = nil, subtitles: String? = nil,
                poster: String? = nil, threads: Int = 0) {
        self.framesDirectory = framesDirectory; self.allFrames = allFrames; self.video = video
        self.subtitles = subtitles; self.poster = poster; self.threads = threads
    }

    /// The subtitle file written: the one given, else the video's name with `.vtt`.
    public var subtitlePath: String? {
        subtitles ?? video.map { ($0 as NSString).deletingPathExtension + ".vtt" }
    }
}

/// Draws the distinct pictures of a scene's pacing in parallel (one `FrameRenderer` and PNG
/// encoder per worker, pictures handed out in batches) and hands them to the outputs: PNGs into
/// a `FrameFolder`, packed pictures in order, each once with its duration, into a `VideoFile`; the subtitles and the poster come
/// from the same scene. On any failure every partial output is removed.
public final class VideoRenderer {
    public let scene: Scene
    public var pacing: Pacing { scene.pacing }

    public init(scene: Scene) throws {
        try scene.layout.checkFits(classCount: scene.input.classCount, panels: scene.style.panels)
        if let problem = FontMatch.problem(family: scene.style.font) { throw ToolError.badInput("style: font: \(problem)") }
        try GlyphCoverage.check(scene)
        self.scene = scene
    }

    /// Produces the outputs; `progress(done, total)` (distinct pictures drawn) is called from the
    /// calling thread.
    public func render(_ out: RenderOutputs, progress: (Int, Int) -> Void = { _, _ in }) throws {
        let st = scene.style
        let threads = out.threads > 0 ? out.threads : ProcessInfo.processInfo.activeProcessorCount
        let workers = try (0..<threads).map { _ in try FrameRenderer(scene: scene) }
        let encoders = (0..<threads).map { _ in PNGEncoder() }
        var folder: FrameFolder? = nil
        var video: VideoFile? = nil
        let vtt = out.subtitlePath
        do {
            folder = try out.framesDirectory.map { try FrameFolder(path: $0, pacing: pacing, all: out.allFrames) }
            let vttPartial = vtt.map { AtomicOutput.partialPath(for: $0) }
            if let vtt, let vttPartial {
                try AtomicOutput.prepareDirectory(for: vtt)
                guard FileManager.default.createFile(atPath: vttPartial, contents: Data(Subtitles.webVTT(pacing.cues).utf8)) else {
                    throw ToolError.badInput("\(vtt): cannot write the subtitles: \(String(cString: strerror(errno)))")
                }
            }
            // Each distinct picture (a run of equal frames) is drawn once; the video gets it once
            // with its duration, the folder every kept frame of the run.
            let runs = HeldFrames.runs(of: pacing)
            video = try out.video.map { try VideoFile(path: $0, style: st, held: HeldFrames(durations: runs.map(\.count))) }
            let kept = folder?.frames ?? []
            let needed = video != nil ? runs : runs.filter { run in run.contains { kept.contains($0) } }
            // Pictures are drawn and packed for the encoder by the workers, a batch at a time,
            // into one of two buffer sets; while the workers fill one set, a writer thread
            // sends the other to ffmpeg, so drawing, packing and encoding overlap. Inside a
            // batch each worker takes the next picture not yet taken (pictures differ in cost);
            // without a video the batches are longer: only the progress line waits for them.
            let batch = threads * (video == nil ? 16 : 4)
            let sets = (0..<2).map { _ in PackedBatch(count: batch, bytes: video?.packedByteCount ?? 0) }
            let failure = ErrorBox()
            let writer = DispatchQueue(label: "viz-render.video-writer")
            let writing = DispatchGroup()
            var start = 0, turn = 0
            while start < needed.count {
                let count = min(batch, needed.count - start)
                let set = sets[turn % 2]
                let next = Atomic<Int>(0)
                DispatchQueue.concurrentPerform(iterations: threads) { w in
                    let r = workers[w]
                    while case let j = next.wrappingAdd(1, ordering: .relaxed).oldValue, j < count {
                        let run = needed[start + j]
                        r.draw(pacing.frames[run.lowerBound])
                        do { try folder?.write(run, r, encoder: encoders[w]) } catch { failure.set(error) }
                        if let video { video.pack(UnsafeRawBufferPointer(start: r.pixels, count: r.stride * r.height), into: set.buffer(j)) }
                    }
                }
                if let e = failure.error { writing.wait(); throw e }
                if let video {
                    // The other set's pictures must be sent before this one's.
                    writing.wait()
                    writer.async(group: writing) {
                        do { for j in 0..<count { try video.write(packed: UnsafeRawBufferPointer(set.buffer(j))) } } catch { failure.set(error) }
                    }
                }
                start += count
                turn += 1
                progress(start, needed.count)
            }
            writing.wait()
            if let e = failure.error { throw e }
            var posterPNG: Data? = nil
            if out.poster != nil {
                let r = workers[0]
                r.draw(pacing.frames[pacing.keyFrames[pacing.keyFrames.count - 1]])
                posterPNG = encoders[0].encode(bgra: r.pixels, width: st.width, height: st.height, stride: r.stride)
            }
            try video?.finish(subtitles: vttPartial)
            try folder?.commit()
            if let vtt, let vttPartial { try AtomicOutput.commit(vttPartial, to: vtt) }
            if let poster = out.poster, let posterPNG { try AtomicOutput.write(posterPNG, to: poster) }
        } catch {
            folder?.abandon()
            video?.abandon()
            if let poster = out.poster { AtomicOutput.remove(AtomicOutput.partialPath(for: poster)) }
            if let vtt { AtomicOutput.remove(AtomicOutput.partialPath(for: vtt)) }
            throw error
        }
    }

}

/// A batch of packed pictures in one allocation, filled by the render workers (each its own
/// slots) and read by the writer thread once they are done.
final class PackedBatch: @unchecked Sendable {
    private let storage: UnsafeMutableRawBufferPointer
    private let bytes: Int

    init(count: Int, bytes: Int) {
        self.bytes = bytes
        storage = .allocate(byteCount: max(1, count * bytes), alignment: 64)
    }

    deinit { storage.deallocate() }

    /// Slot `j`'s bytes.
    func buffer(_ j: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: storage[(j * bytes)..<((j + 1) * bytes)])
    }
}

/// The first error raised by any worker.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ e: Error) { lock.lock(); if stored == nil { stored = e }; lock.unlock() }
}
