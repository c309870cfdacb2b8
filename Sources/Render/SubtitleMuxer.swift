import Foundation
import Support
import SceneModel

/// Adds a WebVTT file to an MP4 as a soft subtitle track (`mov_text`, which ordinary players
/// and screen readers show), copying the video stream unchanged: `ffmpeg -i video -i vtt
/// -map 0:v -map 1 -c:v copy -c:s mov_text`.
public enum SubtitleMuxer {
    /// Writes `output` from `video` and `subtitles` (the output's extension decides nothing:
    /// the container is MP4).
    public static func mux(video: String, subtitles: String, into output: String, language: String = "eng") throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FFmpegEncoder.locate())
        process.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-i", video, "-i", subtitles,
                             "-map", "0:v", "-map", "1", "-c:v", "copy", "-c:s", "mov_text",
                             "-metadata:s:s:0", "language=\(language)", "-map_metadata", "-1", "-fflags", "+bitexact",
                             "-movflags", "+faststart", "-f", "mp4", output]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ToolError.failed("ffmpeg could not add subtitles to \(output): \(text.isEmpty ? "no message" : String(text.suffix(300)))")
        }
    }
}
