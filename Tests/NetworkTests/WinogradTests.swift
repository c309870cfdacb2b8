import XCTest
@testable import Network
import Support

/// The Winograd F(2×2, 3×3) path of `Conv2D` against the definition, against the im2col path
/// (forward and every gradient), by finite differences, and across chunkings.
final class WinogradTests: XCTestCase {
    var gc = GradientCheck()

    func conv(channels: Int, height: Int, width: Int, outChannels: Int = 5, padding: Int = 1, seed: UInt64 = 3,
              winograd: Bool = true) -> Conv2D {
        var random = SeededRandom(seed: seed)
        let layer = Conv2D(name: "conv", inputShape: [channels, height, width], outChannels: outChannels, kernel: 3,
                           stride: 1, padding: padding, random: &random)
        if winograd, layer.winograd == nil {
            layer.winograd = WinogradConvolution(inChannels: channels, outChannels: outChannels, height: height,
                                                 width: width, padding: padding)
        } else if !winograd {
            layer.winograd = nil
        }
        return layer
    }

    /// Which layers take the path: 3×3 stride 1 with enough channels (the reference CNN's conv2),
    /// not its 1-channel conv1, a 5×5 window or stride 2.
    func testChoiceOfPath() {
        var random = SeededRandom(seed: 1)
        func layer(_ c: Int, _ k: Int, _ s: Int) -> Conv2D {
            Conv2D(name: "c", inputShape: [c, 14, 14], outChannels: 64, kernel: k, stride: s, padding: 1, random: &random)
        }
        XCTAssertNotNil(layer(32, 3, 1).winograd)
        XCTAssertNotNil(layer(Conv2D.winogradMinimumChannels, 3, 1).winograd)
        XCTAssertNil(layer(1, 3, 1).winograd)
        XCTAssertNil(layer(32, 5, 1).winograd)
        XCTAssertNil(layer(32, 3, 2).winograd)
    }

    /// Even and odd output sizes (a last tile half outside), padding 0, 1 and 2, inputs narrower
    /// than a tile: the outputs equal the definition summed in Double, within float rounding.
    func testForwardMatchesTheDefinition() {
        for (c, h, w, p) in [(3, 6, 6, 1), (2, 7, 5, 1), (4, 14, 14, 1), (3, 9, 8, 0), (2, 5, 7, 2), (1, 3, 3, 0), (2, 2, 3, 1)] {
            let layer = conv(channels: c, height: h, width: w, padding: p)
            let x = Tensor(shape: [c, 3, h, w], values: gc.randomValues(c * 3 * h * w))
            assertClose(layer.forward(x, training: true).values, convolutionDefinition(layer, x), 2e-5,
                              "\(c)×\(h)×\(w) p\(p)")
            assertClose(layer.forward(x, training: false).values, convolutionDefinition(layer, x), 2e-5,
                              "evaluation \(c)×\(h)×\(w) p\(p)")
        }
    }

    /// Same weights and input as the im2col path: output, dx, dW and db agree.
    func testMatchesIm2colPath() {
        for (c, h, w, p) in [(8, 14, 14, 1), (3, 7, 9, 1), (5, 6, 5, 0)] {
            let fast = conv(channels: c, height: h, width: w, outChannels: 6, padding: p)
            let plain = conv(channels: c, height: h, width: w, outChannels: 6, padding: p, winograd: false)
            assertSamePasses(fast, plain, batch: 4, &gc)
        }
    }

    /// Finite differences of the input and both parameters, with the input gradient on.
    func testGradients() {
        let layer = conv(channels: 3, height: 5, width: 7, outChannels: 4)
        gc.check(layer, input: Tensor(shape: [3, 2, 5, 7], values: gc.randomValues(3 * 2 * 35)))
        let unpadded = conv(channels: 2, height: 6, width: 5, outChannels: 3, padding: 0)
        gc.check(unpadded, input: Tensor(shape: [2, 3, 6, 5], values: gc.randomValues(2 * 3 * 30)))
    }

    /// One sample per chunk and the whole batch in one chunk give the same values, in training
    /// and when backward follows an evaluation forward (which keeps only a chunk's tiles).
    func testChunkingAndEvaluationForward() {
        let small = conv(channels: 4, height: 9, width: 8), whole = conv(channels: 4, height: 9, width: 8)
        small.winograd!.chunkBytes = 1
        whole.winograd!.chunkBytes = 1 << 30
        assertSamePasses(small, whole, batch: 5, &gc)

        let x = Tensor(shape: [4, 5, 9, 8], values: gc.randomValues(4 * 5 * 72))
        let upstream = Tensor(shape: [5, 5, 9, 8], values: gc.randomValues(5 * 5 * 72))
        let trained = small.forward(x, training: true).values
        small.parameters.forEach { $0.zeroGrad() }
        let dx = small.backward(upstream).values, dw = small.weight.grad
        XCTAssertEqual(small.forward(x, training: false).values, trained)
        small.parameters.forEach { $0.zeroGrad() }
        XCTAssertEqual(small.backward(upstream).values, dx)
        XCTAssertEqual(small.weight.grad, dw)
    }

    /// The first layer skips dx: the weight gradients are the same without it.
    func testWithoutInputGradient() {
        let layer = conv(channels: 3, height: 6, width: 6)
        let x = Tensor(shape: [3, 2, 6, 6], values: gc.randomValues(3 * 72))
        let upstream = Tensor(shape: [5, 2, 6, 6], values: gc.randomValues(5 * 72))
        _ = layer.forward(x, training: true)
        layer.parameters.forEach { $0.zeroGrad() }
        _ = layer.backward(upstream)
        let dw = layer.weight.grad
        layer.needsInputGradient = false
        _ = layer.forward(x, training: true)
        layer.parameters.forEach { $0.zeroGrad() }
        _ = layer.backward(upstream)
        XCTAssertEqual(layer.weight.grad, dw)
    }
}
