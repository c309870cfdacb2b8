/// How `/samples/image` lays out its pictures (shape without the leading N): `[H, W]` grey,
/// `[H, W, 1|3]` channels-last (NumPy, Keras) or `[1|3, H, W]` channels-first (PyTorch). A last
/// axis of 1 or 3 is taken for channels, so the rare `[3, H, 3]` reads as channels-last.
/// Readers see every layout as channels-last `[H, W]` or `[H, W, 3]` (`shape`, `channelsLast`).
public struct PictureLayout: Sendable, Equatable {
    public let height: Int, width: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// True for `[C, H, W]` in the file.
    public let channelsFirst: Bool

    /// The layout of a per-picture shape; nil when it is none of the above or has an empty side.
    public init?(_ shape: [Int]) {
        switch shape.count {
        case 2: (height, width, channels, channelsFirst) = (shape[0], shape[1], 1, false)
        case 3 where shape[2] == 1 || shape[2] == 3: (height, width, channels, channelsFirst) = (shape[0], shape[1], shape[2], false)
        case 3 where shape[0] == 1 || shape[0] == 3: (height, width, channels, channelsFirst) = (shape[1], shape[2], shape[0], true)
        default: return nil
        }
        guard height > 0, width > 0 else { return nil }
    }

    /// The channels-last shape readers see: `[H, W]` or `[H, W, 3]`.
    public var shape: [Int] { channels == 1 ? [height, width] : [height, width, 3] }

    /// The file's pixels `[N] + file shape` as channels-last `[N] + shape` (copied only when
    /// channels-first RGB).
    public func channelsLast(_ pixels: [UInt8]) -> [UInt8] {
        guard channelsFirst, channels > 1 else { return pixels }
        let plane = height * width, size = plane * channels, n = pixels.count / max(1, size)
        var out = [UInt8](repeating: 0, count: n * size)
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let base = i * size
                    for c in 0..<channels {
                        var from = base + c * plane, to = base + c
                        for _ in 0..<plane { dst[to] = src[from]; from += 1; to += channels }
                    }
                }
            }
        }
        return out
    }
}
