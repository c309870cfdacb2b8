import XCTest
@testable import Network
import Support

final class LayerGradientTests: XCTestCase {
    var gc = GradientCheck()

    /// Values whose magnitudes are at least 0.1 apart from zero and from each other's ties, so
    /// ReLU and max-pool are differentiable at every checked point for eps = 0.01.
    func spacedValues(_ n: Int) -> [Float] {
        var r = SeededRandom(seed: 5)
        var v = (0..<n).map { Float($0) * 0.07 - Float(n) * 0.035 }
        r.shuffle(&v)
        return v.map { abs($0) < 0.05 ? $0 + 0.1 : $0 }
    }

    func testConv2DWithPaddingAndStride() {
        var random = SeededRandom(seed: 1)
        for (stride, padding) in [(1, 1), (2, 0), (2, 1)] {
            let conv = Conv2D(name: "conv", inputShape: [2, 5, 6], outChannels: 3, kernel: 3, stride: stride, padding: padding, random: &random)
            let x = Tensor(shape: [2, 3, 5, 6], values: gc.randomValues(2 * 3 * 30))
            gc.check(conv, input: x)
        }
    }

    func testDense() {
        var random = SeededRandom(seed: 2)
        let dense = Dense(name: "fc", inputs: 7, units: 4, random: &random)
        gc.check(dense, input: Tensor(shape: [3, 7], values: gc.randomValues(21)))
    }

    func testReLU() {
        gc.check(ReLU(name: "relu", inputShape: [4]), input: Tensor(shape: [5, 4], values: spacedValues(20)))
    }

    func testMaxPool() {
        let pool = MaxPool2D(name: "pool", inputShape: [2, 4, 6], size: 2, stride: 2)
        gc.check(pool, input: Tensor(shape: [2, 3, 4, 6], values: spacedValues(2 * 3 * 24)))
        let overlapping = MaxPool2D(name: "pool3", inputShape: [1, 5, 5], size: 3, stride: 2)
        gc.check(overlapping, input: Tensor(shape: [1, 2, 5, 5], values: spacedValues(50)))
    }

    /// Rows wide enough for the four-windows-at-a-time path (9 windows: two groups and one
    /// alone), with ties (values in {−1, 0, 1, 2}): every output is its window's maximum, and
    /// backward routes each gradient to the window's first maximum only; after a ReLU
    /// (`afterReLU`, `throughReLU`) outputs are at least 0 and windows whose maximum is not
    /// positive pass nothing. The evaluation forward (no winners kept) gives the same values.
    func testMaxPoolWideRowsFirstMaximumAndReLU() {
        let pool = MaxPool2D(name: "pool", inputShape: [2, 4, 18], size: 2, stride: 2)
        var random = SeededRandom(seed: 5)
        let x = Tensor(shape: [2, 3, 4, 18], values: (0..<2 * 3 * 72).map { _ in Float(random.index(below: 4)) - 1 })
        let dy = Tensor(shape: [2, 3, 2, 9], values: (0..<108).map { Float($0 + 1) })
        for afterReLU in [false, true] {
            let y = pool.forward(x, training: true, afterReLU: afterReLU).values
            let dx = pool.backward(dy, throughReLU: afterReLU).values
            XCTAssertEqual(pool.forward(x, training: false, afterReLU: afterReLU).values, y, "evaluation, afterReLU \(afterReLU)")
            var expected = [Float](repeating: 0, count: x.count)
            for plane in 0..<6 {
                for oy in 0..<2 {
                    for ox in 0..<9 {
                        let o = (plane * 2 + oy) * 9 + ox
                        let window = [0, 1, 18, 19].map { plane * 72 + 2 * oy * 18 + 2 * ox + $0 }
                        let top = window.map { x.data[$0] }.max()!
                        XCTAssertEqual(y[o], afterReLU ? max(top, 0) : top, "window \(o)")
                        let first = window.first { x.data[$0] == top }!
                        expected[first] = afterReLU && top <= 0 ? 0 : dy.data[o]
                    }
                }
            }
            XCTAssertEqual(dx, expected, "afterReLU \(afterReLU)")
        }
    }

    /// Odd sizes leave a row and a column outside every 2×2 window (their gradient is 0); the
    /// evaluation forward (no winners kept) gives the training forward's values.
    func testMaxPoolOddSizesAndEvaluation() {
        let pool = MaxPool2D(name: "pool", inputShape: [2, 5, 7], size: 2, stride: 2)
        let x = Tensor(shape: [2, 3, 5, 7], values: spacedValues(2 * 3 * 35))
        gc.check(pool, input: x)
        let trained = pool.forward(x, training: true).values
        XCTAssertEqual(pool.forward(x, training: false).values, trained)
        XCTAssertEqual(trained.count, 2 * 3 * 2 * 3)
    }

    func testFlatten() {
        gc.check(Flatten(name: "flatten", inputShape: [3, 2, 2]), input: Tensor(shape: [3, 4, 2, 2], values: gc.randomValues(48)))
    }

    func testDropoutInTrainingUsesOneMaskPerDraw() {
        // Re-seed before every forward so the finite differences see the same mask.
        final class FixedMaskDropout: Layer {
            let inner: Dropout
            let seed: UInt64
            init(_ seed: UInt64) { self.seed = seed; inner = Dropout(name: "drop", inputShape: [6], p: 0.4, seed: seed) }
            var name: String { inner.name }
            var kind: String { inner.kind }
            var outputShape: [Int] { inner.outputShape }
            var needsInputGradient = true
            func forward(_ input: Tensor, training: Bool) -> Tensor { inner.random = SeededRandom(seed: seed); return inner.forward(input, training: training) }
            func backward(_ g: Tensor) -> Tensor { inner.backward(g) }
        }
        let layer = FixedMaskDropout(3)
        let x = Tensor(shape: [4, 6], values: gc.randomValues(24))
        gc.check(layer, input: x)
        let y = layer.forward(x, training: true).values
        let zeros = y.filter { $0 == 0 }.count
        XCTAssertTrue((3...18).contains(zeros), "about 40% dropped, got \(zeros) of 24")
        for (a, b) in zip(x.values, y) where b != 0 { XCTAssertEqual(b, a / 0.6, accuracy: 1e-5) }
        XCTAssertEqual(layer.inner.forward(x, training: false).values, x.values)
    }

    func testBatchNormSpatialAndFlat() {
        let spatial = BatchNorm(name: "bn", inputShape: [2, 3, 3])
        spatial.gamma.value = [1.5, 0.5]
        spatial.beta.value = [0.1, -0.2]
        gc.check(spatial, input: Tensor(shape: [2, 4, 3, 3], values: gc.randomValues(72)))
        let flat = BatchNorm(name: "bn1d", inputShape: [5])
        gc.check(flat, input: Tensor(shape: [6, 5], values: gc.randomValues(30)))
    }

    func testSoftmaxCrossEntropyGradientAndValue() {
        let loss = SoftmaxCrossEntropy()
        let logits = Tensor(shape: [3, 4], values: gc.randomValues(12, scale: 3))
        let labels: [Int32] = [2, 0, 3]
        let (value, _) = loss.forward(logits: logits, labels: labels)
        // Direct formula in Double.
        var expected = 0.0
        for b in 0..<3 {
            let row = (0..<4).map { Double(logits.data[b * 4 + $0]) }
            expected += log(row.map { exp($0) }.reduce(0, +)) - row[Int(labels[b])]
        }
        XCTAssertEqual(value, expected / 3, accuracy: 1e-5)
        let analytic = loss.backward().values
        for i in 0..<12 {
            let saved = logits.data[i]
            logits.data[i] = saved + 1e-2
            let plus = loss.forward(logits: logits, labels: labels).loss
            logits.data[i] = saved - 1e-2
            let minus = loss.forward(logits: logits, labels: labels).loss
            logits.data[i] = saved
            XCTAssertEqual(Double(analytic[i]), (plus - minus) / 2e-2, accuracy: 1e-4)
        }
    }

    /// The chain through every layer type at once; eps = 1e-3 here because a perturbed
    /// convolution weight moves a whole channel. Max-pool comes before ReLU (the same function)
    /// because after a ReLU, windows of tied zeros make max-pool non-differentiable, and the
    /// input is small (24 pooling windows) so no window's two largest values lie within a step.
    func testWholeModelGradientThroughEveryLayerType() throws {
        let specs: [LayerSpec] = [
            .conv2d(name: "conv1", outChannels: 3, kernel: 3, stride: 1, padding: 1), .batchNorm(name: "bn1"),
            .maxPool(name: "pool1", size: 2, stride: 2), .relu(name: "relu1"), .flatten(name: "flatten1"),
            .dense(name: "fc1", units: 5), .relu(name: "relu2"), .dense(name: "fc2", units: 3),
        ]
        let model = try Model(specs: specs, inputShape: [1, 4, 4], classCount: 3, seed: 4)
        let x = Tensor(shape: [1, 2, 4, 4], values: gc.randomValues(32))
        let labels: [Int32] = [0, 2]
        let loss = SoftmaxCrossEntropy()
        func value() -> Double { loss.forward(logits: model.forward(x, training: true), labels: labels).loss }
        model.zeroGradients()
        _ = value()
        model.backward(loss.backward())
        for p in model.parameters {
            let analytic = p.grad
            for i in stride(from: 0, to: p.value.count, by: max(1, p.value.count / 8)) {
                let saved = p.value[i]
                p.value[i] = saved + 1e-3
                let plus = value()
                p.value[i] = saved - 1e-3
                let minus = value()
                p.value[i] = saved
                let numeric = (plus - minus) / 2e-3
                XCTAssertLessThanOrEqual(abs(Double(analytic[i]) - numeric), 1e-3 + 5e-2 * abs(numeric), "\(p.name)[\(i)]")
            }
        }
    }
}
