import SceneModel
/// A video timeline sent to the encoder with each distinct picture once: run `k` of equal frames
/// lasts `durations[k]` frames of the `fps` timeline, and ffmpeg is told when each picture starts
/// instead of being sent it `durations[k]` times (a variable-frame-rate video). Chosen by
/// measurement (`bench/ffmpeg_feed.sh`, held frames): each picture sent once with its duration
/// encodes 3.5× as fast as the same timeline sent as repeats, and the renderer draws it once.
///
/// The start of picture `N` (0-based, in timeline frames) is `N + Σ_{k<N} (durations[k] − 1)`,
/// given to ffmpeg's `setpts` filter as `N + Σ_k (durations[k] − 1)·gt(N, k)` over the runs longer
/// than one frame. A last run longer than one frame is sent twice, the copy on its final frame,
/// so the video lasts the whole timeline (a picture's duration is otherwise only known from the
/// next one's start).
public struct HeldFrames: Sendable, Equatable {
    /// Timeline frames per distinct picture, in order (each ≥ 1).
    public let durations: [Int]

    public init(durations: [Int]) {
        precondition(durations.allSatisfy { $0 >= 1 }, "every picture lasts at least one frame")
        self.durations = durations
    }

    /// Runs of equal consecutive frames of `pacing`: the index ranges of its distinct pictures.
    public static func runs(of pacing: Pacing) -> [Range<Int>] {
        let frames = pacing.frames
        var runs: [Range<Int>] = []
        var start = 0
        for i in frames.indices.dropFirst() where frames[i] != frames[start] {
            runs.append(start..<i)
            start = i
        }
        if !frames.isEmpty { runs.append(start..<frames.count) }
        return runs
    }

    /// Timeline frames in all.
    public var totalFrames: Int { durations.reduce(0, +) }

    /// Whether the last picture is sent a second time, on the timeline's last frame.
    public var repeatsLast: Bool { (durations.last ?? 1) > 1 }

    /// Pictures the encoder receives: one per run, plus the closing copy.
    public var sentFrames: Int { durations.count + (repeatsLast ? 1 : 0) }

    /// The start, in timeline frames, of every picture sent (`sentFrames` of them).
    public var starts: [Int] {
        var out: [Int] = []
        var t = 0
        for d in durations { out.append(t); t += d }
        if repeatsLast { out.append(t - 1) }
        return out
    }

    /// The `setpts` expression giving every sent picture its start in timeline frames (`N` is
    /// the picture's index): nil when every picture lasts one frame (nothing to move). The last
    /// run counts one frame less, so its closing copy lands on the timeline's last frame.
    public var setptsExpression: String? {
        guard durations.contains(where: { $0 > 1 }) else { return nil }
        var terms = ["N"]
        for (k, d) in durations.enumerated() {
            let extra = k == durations.count - 1 ? d - 2 : d - 1
            if extra > 0 { terms.append("\(extra)*gt(N,\(k))") }
        }
        return terms.joined(separator: "+")
    }
}
