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

    /// y[o, b, i, j] = bias[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · x[c, b, i·s − p + ki, j·s − p + kj]
    /// (0 outside the input), summed in Double.
    func definition(_ conv: Conv2D, _ x: Tensor) -> [Float] {
        let c = conv.inChannels, b = x.shape[1], h = conv.inputHeight, w = conv.inputWidth
        let k = conv.kernel, s = conv.stride, p = conv.padding
        let oh = conv.outputShape[1], ow = conv.outputShape[2]
        var y = [Float]()
        for o in 0..<conv.outChannels {
            for n in 0..<b {
                for i in 0..<oh {
                    for j in 0..<ow {
                        var sum = Double(conv.bias.value[o])
                        for ch in 0..<c {
                            for ki in 0..<k {
                                for kj in 0..<k {
                                    let r = i * s - p + ki, q = j * s - p + kj
                                    guard r >= 0, r < h, q >= 0, q < w else { continue }
                                    sum += Double(conv.weight.value[((o * c + ch) * k + ki) * k + kj])
                                        * Double(x.data[((ch * b + n) * h + r) * w + q])
                                }
                            }
                        }
                        y.append(Float(sum))
                    }
                }
            }
        }
        return y
    }

    func assertClose(_ a: [Float], _ b: [Float], _ tolerance: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > tolerance {
            XCTFail("\(what)[\(i)]: \(x) vs \(y)", file: file, line: line)
            return
        }
    }

    /// A single input channel (the first layer on grey images) at several geometries: widths
    /// below and above the kernel, stride 2, no padding, a 5×5 kernel; chunks of one sample.
    func testSingleChannelMatchesTheDefinition() {
        for (h, w, k, s, p) in [(6, 3, 3, 1, 1), (7, 9, 3, 1, 1), (28, 28, 3, 1, 1), (8, 7, 3, 2, 1), (9, 10, 3, 1, 0), (9, 11, 5, 1, 2)] {
            let layer = conv(channels: 1, height: h, width: w, outChannels: 4, kernel: k, stride: s, padding: p)
            layer.chunkBytes = 1
            let x = Tensor(shape: [1, 3, h, w], values: gc.randomValues(3 * h * w))
            assertClose(layer.forward(x, training: true).values, definition(layer, x), 1e-5, "\(h)x\(w) k\(k) s\(s) p\(p)")
        }
    }

    /// One sample per chunk gives what the whole batch in one chunk gives.
    func testChunkedUnfoldingMatchesWholeBatch() {
        for (s, p) in [(1, 1), (2, 0)] {
            let small = conv(channels: 3, height: 7, width: 9, outChannels: 4, stride: s, padding: p)
            let whole = conv(channels: 3, height: 7, width: 9, outChannels: 4, stride: s, padding: p)
            small.chunkBytes = 1
            whole.chunkBytes = 1 << 30
            assertSamePasses(small, whole, batch: 5)
            let x = Tensor(shape: [3, 5, 7, 9], values: gc.randomValues(3 * 5 * 63))
            assertClose(small.forward(x, training: true).values, definition(small, x), 1e-5, "chunked s\(s) p\(p)")
        }
    }

    func testChunkedGradients() {
        let layer = conv(channels: 2, height: 5, width: 6, stride: 1, padding: 1)
        layer.chunkBytes = 1
        gc.check(layer, input: Tensor(shape: [2, 3, 5, 6], values: gc.randomValues(2 * 3 * 30)))
    }

    /// Same weights, same input, same upstream gradient: outputs and every gradient within 1e-5.
    func assertSamePasses(_ a: Conv2D, _ b: Conv2D, batch: Int, file: StaticString = #filePath, line: UInt = #line) {
        b.weight.value = a.weight.value
        b.bias.value = a.bias.value
        let n = a.inChannels * batch * a.inputHeight * a.inputWidth
        let x = Tensor(shape: [a.inChannels, batch, a.inputHeight, a.inputWidth], values: gc.randomValues(n))
        let ya = a.forward(x, training: true).values, yb = b.forward(x, training: true).values
        assertClose(ya, yb, 1e-5, "output", file: file, line: line)
        let upstream = Tensor(shape: [a.outChannels, batch] + Array(a.outputShape.dropFirst()), values: gc.randomValues(ya.count))
        a.parameters.forEach { $0.zeroGrad() }
        b.parameters.forEach { $0.zeroGrad() }
        assertClose(a.backward(upstream).values, b.backward(upstream).values, 1e-5, "dx", file: file, line: line)
        assertClose(a.weight.grad, b.weight.grad, 1e-4, "dW", file: file, line: line)
        assertClose(a.bias.grad, b.bias.grad, 1e-4, "db", file: file, line: line)
    }
}
