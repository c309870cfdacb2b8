import Dispatch
import Foundation
import Support

/// What to produce from a scene.
public struct RenderOutputs: Sendable {
    /// Directory for numbered PNG frames (`frame_00000.png`…), nil for none.
    public var framesDirectory: String?
    /// Video file, nil for none; its format follows the extension (.mp4, .webm, .gif).
    public var video: String?
    /// PNG of the last epoch, nil for none.
    public var poster: String?
    /// Render threads (0 = one per core).
    public var threads = 0
    public init(framesDirectory: String? = nil, video: String? = nil, poster: String? = nil, threads: Int = 0) {
        self.framesDirectory = framesDirectory; self.video = video; self.poster = poster; self.threads = threads
    }
}

/// Renders every frame of a scene in parallel (one `FrameRenderer` per worker, frames handed out
/// in batches) and writes PNGs and/or streams the frames, in order, into ffmpeg.
public final class VideoRenderer {
    public let scene: Scene
    public let timeline: [FrameTime]

    public init(scene: Scene) {
        self.scene = scene
        timeline = makeTimeline(epochCount: scene.input.epochCount, style: scene.style)
    }

    /// Produces the outputs; `progress(done, total)` is called from the calling thread.
    public func render(_ out: RenderOutputs, progress: (Int, Int) -> Void = { _, _ in }) throws {
        let st = scene.style
        let threads = out.threads > 0 ? out.threads : ProcessInfo.processInfo.activeProcessorCount
        let workers = try (0..<threads).map { _ in try FrameRenderer(scene: scene) }
        let encoders = (0..<threads).map { _ in PNGEncoder() }
        if let dir = out.framesDirectory {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        var encoder: FFmpegEncoder? = nil
        if let video = out.video {
            let ext = (video as NSString).pathExtension.lowercased()
            guard let format = FFmpegEncoder.Format(rawValue: ext) else {
                throw ToolError.badInput("video \(video): unknown extension '.\(ext)'; expected .mp4, .webm or .gif")
            }
            encoder = try FFmpegEncoder(output: video, width: st.width, height: st.height, fps: st.fps, crf: st.crf, format: format)
        }
        let frameBytes = st.width * st.height * 4
        let batch = threads * 2
        var buffers = [[UInt8]](repeating: [UInt8](repeating: 0, count: encoder == nil ? 0 : frameBytes), count: batch)
        let failure = ErrorBox()
        do {
            var start = out.framesDirectory == nil && encoder == nil ? timeline.count : 0
            while start < timeline.count {
                let count = min(batch, timeline.count - start)
                buffers.withUnsafeMutableBufferPointer { bufs in
                    let base = bufs.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: threads) { w in
                        let r = workers[w]
                        var j = w
                        while j < count {
                            let index = start + j
                            r.draw(timeline[index])
                            if let dir = out.framesDirectory {
                                do {
                                    try encoders[w].write(String(format: "%@/frame_%05d.png", dir, index), bgra: r.pixels,
                                                         width: st.width, height: st.height, stride: r.stride)
                                } catch { failure.set(error) }
                            }
                            if encoder != nil { copyPacked(r, into: &base[j]) }
                            j += threads
                        }
                    }
                }
                if let e = failure.error { throw e }
                if let encoder {
                    for j in 0..<count { try buffers[j].withUnsafeBytes { try encoder.write($0) } }
                }
                start += count
                progress(start, timeline.count)
            }
            if let poster = out.poster {
                let r = workers[0]
                r.draw(FrameTime(from: max(0, scene.input.epochCount - 2), t: scene.input.epochCount > 1 ? 1 : 0))
                try encoders[0].write(poster, bgra: r.pixels, width: st.width, height: st.height, stride: r.stride)
            }
            try encoder?.finish()
        } catch {
            encoder?.abandon()
            throw error
        }
    }

    private func copyPacked(_ r: FrameRenderer, into buffer: inout [UInt8]) {
        let rowBytes = r.width * 4, stride = r.stride, src = r.pixels
        buffer.withUnsafeMutableBufferPointer { dst in
            for y in 0..<r.height {
                UnsafeMutableRawPointer(dst.baseAddress! + y * rowBytes).copyMemory(from: src + y * stride, byteCount: rowBytes)
            }
        }
    }
}

/// The first error raised by any worker.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? { lock.lock(); defer { lock.unlock() }; return stored }
    func set(_ e: Error) { lock.lock(); if stored == nil { stored = e }; lock.unlock() }
}
