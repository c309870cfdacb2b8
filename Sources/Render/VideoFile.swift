import Foundation
import Support
import SceneModel

/// The video output: frames streamed into ffmpeg (`FFmpegEncoder`), then for MP4 the subtitles
/// added as a soft `mov_text` track (`SubtitleMuxer`). Nothing appears under the final name
/// until both steps succeed; `abandon()` removes every intermediate file.
public final class VideoFile {
    public let path: String
    let format: FFmpegEncoder.Format
    let encoder: FFmpegEncoder
    /// Where the encoder puts the video before the subtitles are added (hidden, same folder).
    let plain: String

    /// A video of `held`'s timeline at the style's size, frame rate and quality.
    public init(path: String, style: Style, held: HeldFrames) throws {
        let ext = (path as NSString).pathExtension.lowercased()
        guard let format = FFmpegEncoder.Format(rawValue: ext) else {
            throw ToolError.badInput("video \(path): unknown extension '.\(ext)'; expected .mp4, .webm or .gif")
        }
        self.path = path
        self.format = format
        let url = URL(fileURLWithPath: path)
        plain = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".video").path
        encoder = try FFmpegEncoder(output: format == .mp4 ? plain : path, width: style.width, height: style.height,
                                    fps: style.fps, crf: style.crf, format: format, held: held, naming: path)
    }

    /// Bytes of one packed picture (`FFmpegEncoder.packedByteCount`).
    public var packedByteCount: Int { encoder.packedByteCount }

    /// Packs a BGRA picture for `write`; safe to call from several threads at once.
    public func pack(_ bgra: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) { encoder.pack(bgra, into: out) }

    /// Sends the next distinct picture, packed by `pack`.
    public func write(packed bytes: UnsafeRawBufferPointer) throws { try encoder.write(packed: bytes) }

    /// Finishes encoding; for MP4, adds `subtitles` (a WebVTT file) as a soft track.
    public func finish(subtitles: String?) throws {
        try encoder.finish()
        guard format == .mp4 else { return }
        defer { AtomicOutput.remove(plain) }
        guard let subtitles else { return try AtomicOutput.commit(plain, to: path) }
        let partial = AtomicOutput.partialPath(for: path)
        do {
            try SubtitleMuxer.mux(video: plain, subtitles: subtitles, into: partial)
        } catch {
            AtomicOutput.remove(partial)
            throw error
        }
        try AtomicOutput.commit(partial, to: path)
    }

    /// Stops ffmpeg and removes every intermediate file.
    public func abandon() {
        encoder.abandon()
        AtomicOutput.remove(plain)
        AtomicOutput.remove(AtomicOutput.partialPath(for: plain))
        AtomicOutput.remove(AtomicOutput.partialPath(for: path))
    }
}
