/// Where one video frame sits in training: between recorded epoch positions `from` and `from+1`
/// at eased fraction `t` (0 = exactly at `from`).
public struct FrameTime: Sendable, Equatable {
    public let from: Int
    public let t: Double
    /// The recorded epoch whose numbers and captions the frame shows (the nearest one).
    public var nearest: Int { t < 0.5 ? from : from + 1 }
    /// Continuous epoch position, for the timeline marker.
    public var position: Double { Double(from) + t }
}

/// The sequence of frames: a hold on the first epoch, then for each step between recorded
/// epochs `inbetween` eased frames and a hold on the arrival epoch, and a longer hold at the end.
public func makeTimeline(epochCount: Int, style: Style) -> [FrameTime] {
    func frames(_ seconds: Double) -> Int { Int((seconds * Double(style.fps)).rounded()) }
    var out = [FrameTime](repeating: FrameTime(from: 0, t: 0), count: max(1, frames(style.holdStart)))
    guard epochCount > 1 else {
        return out + [FrameTime](repeating: FrameTime(from: 0, t: 0), count: frames(style.holdEnd))
    }
    for e in 0..<(epochCount - 1) {
        for k in 1...(style.inbetween + 1) {
            let raw = Double(k) / Double(style.inbetween + 1)
            // The last frame of a step lands exactly on the next epoch.
            out.append(k == style.inbetween + 1 ? FrameTime(from: e, t: 1) : FrameTime(from: e, t: style.easing.apply(raw)))
        }
        let hold = e == epochCount - 2 ? frames(style.holdEnd) : frames(style.holdEpoch)
        out += [FrameTime](repeating: FrameTime(from: e, t: 1), count: hold)
    }
    return out
}
