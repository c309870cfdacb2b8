import XCTest
@testable import Network
import Support

/// The convolution's im2col done a few samples at a time (chunks) against the definition and
/// against the whole batch unfolded at once.
final class ConvolutionPathTests: XCTestCase {
    var gc = GradientCheck()

    func conv(channels: Int, height: Int, width: Int, outChannels: Int = 3, kernel: Int = 3, stride: Int = 1,
              padding: Int = 1, seed: UInt64 = 1) -> Conv2D {
        var random = SeededRandom(seed: seed)
        return Conv2D(name: "conv", inputShape: [channels, height, width], outChannels: outChannels, kernel: kernel,
                      stride: stride, padding: padding, random: &random)
    }

    /// A single input channel (the first layer on grey images) at several geometries: widths
    /// below and above the kernel, stride 2, no padding, a 5×5 kernel; chunks of one sample.
    func testSingleChannelMatchesTheDefinition() {
        for (h, w, k, s, p) in [(6, 3, 3, 1, 1), (7, 9, 3, 1, 1), (28, 28, 3, 1, 1), (8, 7, 3, 2, 1), (9, 10, 3, 1, 0), (9, 11, 5, 1, 2)] {
            let layer = conv(channels: 1, height: h, width: w, outChannels: 4, kernel: k, stride: s, padding: p)
            layer.chunkBytes = 1
            let x = Tensor(shape: [1, 3, h, w], values: gc.randomValues(3 * h * w))
            assertClose(layer.forward(x, training: true).values, convolutionDefinition(layer, x), 1e-5, "\(h)x\(w) k\(k) s\(s) p\(p)")
        }
    }

    /// One sample per chunk gives what the whole batch in one chunk gives.
    func testChunkedUnfoldingMatchesWholeBatch() {
        for (s, p) in [(1, 1), (2, 0)] {
            let small = conv(channels: 3, height: 7, width: 9, outChannels: 4, stride: s, padding: p)
            let whole = conv(channels: 3, height: 7, width: 9, outChannels: 4, stride: s, padding: p)
            small.chunkBytes = 1
            whole.chunkBytes = 1 << 30
            assertSamePasses(small, whole, batch: 5, &gc)
            let x = Tensor(shape: [3, 5, 7, 9], values: gc.randomValues(3 * 5 * 63))
            assertClose(small.forward(x, training: true).values, convolutionDefinition(small, x), 1e-5, "chunked s\(s) p\(p)")
        }
    }

    func testChunkedGradients() {
        let layer = conv(channels: 2, height: 5, width: 6, stride: 1, padding: 1)
        layer.chunkBytes = 1
        gc.check(layer, input: Tensor(shape: [2, 3, 5, 6], values: gc.randomValues(2 * 3 * 30)))
    }
}
