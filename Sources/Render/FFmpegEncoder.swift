import Foundation
import Support
import SceneModel

/// Encodes raw BGRA frames streamed on stdin into a video with the ffmpeg command-line tool,
/// each distinct picture sent once and timed by `HeldFrames` (a variable-frame-rate video).
/// The output is written under a partial name and renamed by `finish()`.
///
/// Chosen by measurement (`bench/ffmpeg_feed.sh`, 1920×1080 frames of 10,000 points): raw
/// pictures on a pipe encode 1.6× as fast as ffmpeg reading the same frames as PNG files (18.4
/// against 11.6 frames/s). For MP4 and WebM they are converted here to the encoders' YUV 4:2:0
/// (`YUV420`): ffmpeg's own conversion and the 4-byte pixels on the pipe were a third of the
/// render's CPU time. GIF takes the BGRA pictures. x264's
/// `veryfast` preset gives the smallest file of the presets tried (5.1 MB; `superfast` 1.4× the
/// speed at 1.3× the size, `ultrafast` 2× at 1.8×, `faster` and `medium` slower and larger).
/// On top of it `subme=1` (the cheapest sub-pixel refinement; dots and text move little between
/// in-between frames): x264's CPU time 0.81× for a 1.05× file on the default run's 585 pictures
/// (best of 3 alternated; `superfast` took as long for 1.9× the file).
public final class FFmpegEncoder {
    public enum Format: String, Sendable, CaseIterable { case mp4, webm, gif }
    let process = Process()
    let input = Pipe()
    let errors = Pipe()
    let partial: String
    let output: String
    /// The file the user asked for, named in errors (`output` may be an intermediate file).
    let name: String
    var errorText = Data()
    let errorLock = NSLock()
    let held: HeldFrames
    let format: Format
    let width, height: Int
    /// Pictures sent so far, and the latest as sent (sent again at the end when `held.repeatsLast`).
    var sent = 0
    var last = Data()

    /// Finds `ffmpeg` on PATH; throws a missing-dependency error telling how to install it.
    public static func locate(_ name: String = "ffmpeg") throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw ToolError(.missingDependency, "\(name) was not found on PATH; install it (e.g. `apt-get install ffmpeg`) to make videos, or use --frames only")
    }

    /// The ffmpeg arguments for `format`: MP4 = H.264 yuv420p with +faststart; WebM = VP9; GIF =
    /// a palette generated from the frames. The pictures are timed by `held`'s `setpts`
    /// expression and kept at those times (`-fps_mode vfr`).
    public static func arguments(width: Int, height: Int, fps: Int, crf: Int, format: Format, held: HeldFrames,
                                 output: String) -> [String] {
        var a = ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", format == .gif ? "bgra" : "yuv420p",
                 "-s", "\(width)x\(height)", "-r", "\(fps)", "-i", "-"]
        var filters = held.setptsExpression.map { ["setpts='(\($0))/(FR*TB)'"] } ?? []
        if format == .gif { filters.append("split[a][b];[a]palettegen[p];[b][p]paletteuse") }
        if !filters.isEmpty { a += ["-vf", filters.joined(separator: ","), "-fps_mode", "vfr"] }
        switch format {
        case .mp4: a += ["-c:v", "libx264", "-preset", "veryfast", "-x264-params", "subme=1", "-crf", "\(crf)", "-pix_fmt", "yuv420p", "-fflags", "+bitexact", "-movflags", "+faststart", "-f", "mp4"]
        case .webm: a += ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "\(crf + 12)", "-deadline", "realtime", "-cpu-used", "8", "-pix_fmt", "yuv420p", "-f", "webm"]
        // The GIF muxer repeats the previous delay after the last picture unless told: it is
        // the closing copy (or a one-frame picture), so one frame.
        case .gif: a += ["-final_delay", "\(max(1, Int((100 / Double(fps)).rounded())))", "-f", "gif"]
        }
        return a + [output]
    }

    /// Starts ffmpeg for the pictures of `held`, sent in order by `write`.
    public init(output: String, width: Int, height: Int, fps: Int, crf: Int, format: Format, held: HeldFrames,
                naming name: String? = nil, ffmpeg: String? = nil) throws {
        let tool = try ffmpeg ?? FFmpegEncoder.locate()
        try AtomicOutput.prepareDirectory(for: output)
        self.output = output
        self.name = name ?? output
        partial = AtomicOutput.partialPath(for: output)
        process.executableURL = URL(fileURLWithPath: tool)
        self.held = held
        self.format = format
        self.width = width
        self.height = height
        process.arguments = FFmpegEncoder.arguments(width: width, height: height, fps: fps, crf: crf, format: format, held: held,
                                                    output: partial)
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        errors.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.errorLock.lock(); self.errorText.append(d); self.errorLock.unlock()
        }
        signal(SIGPIPE, SIG_IGN)
        do { try process.run() } catch {
            throw ToolError(.missingDependency, "could not start \(tool): \(error.localizedDescription); install ffmpeg (`apt-get install ffmpeg`)")
        }
    }

    /// Bytes of one picture as sent to ffmpeg: YUV 4:2:0 for MP4 and WebM, BGRA for GIF.
    public var packedByteCount: Int { format == .gif ? width * height * 4 : YUV420.byteCount(width: width, height: height) }

    /// Packs a picture (`width*height*4` BGRA bytes, rows packed) into the bytes `write` sends.
    /// Free of shared state: render threads pack their own pictures in parallel.
    public func pack(_ bgra: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        if format == .gif {
            out.baseAddress!.copyMemory(from: bgra.baseAddress!, byteCount: width * height * 4)
        } else {
            YUV420.convert(bgra: bgra, width: width, height: height, into: out)
        }
    }

    /// Sends the next distinct picture, packed by `pack` (`packedByteCount` bytes).
    public func write(packed bytes: UnsafeRawBufferPointer) throws {
        last = Data(bytes)
        try send(last)
    }

    private func send(_ frame: Data) throws {
        do { try input.fileHandleForWriting.write(contentsOf: frame) } catch {
            _ = try? finishProcess()
            throw ToolError.failed("\(name): ffmpeg stopped accepting frames: \(stderrText())")
        }
        sent += 1
    }

    /// Sends the closing copy of the last picture if the timeline needs it, closes the stream,
    /// waits for ffmpeg and renames the video into place.
    public func finish() throws {
        precondition(sent == held.durations.count, "sent \(sent) pictures for a timeline of \(held.durations.count)")
        if held.repeatsLast { try send(last) }
        let status = try finishProcess()
        guard status == 0 else {
            AtomicOutput.remove(partial)
            throw ToolError.failed("\(name): ffmpeg failed (exit \(status)): \(stderrText())")
        }
        try AtomicOutput.commit(partial, to: output)
    }

    /// Stops ffmpeg and removes the partial file (after an error elsewhere).
    public func abandon() {
        _ = try? finishProcess()
        AtomicOutput.remove(partial)
    }

    private func finishProcess() throws -> Int32 {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        errors.fileHandleForReading.readabilityHandler = nil
        return process.terminationStatus
    }

    private func stderrText() -> String {
        errorLock.lock(); defer { errorLock.unlock() }
        // One line: ffmpeg's last few messages, joined.
        let s = String(decoding: errorText, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: "; ")
        return s.isEmpty ? "no message" : String(s.suffix(400))
    }
}
