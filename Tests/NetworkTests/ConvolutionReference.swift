import XCTest
@testable import Network

// What the convolution tests compare against: the definition, and another path's passes.

/// y[o, b, i, j] = bias[o] + Σ_{c, ki, kj} w[o, c, ki, kj] · x[c, b, i·s − p + ki, j·s − p + kj]
/// (0 outside the input), summed in Double.
func convolutionDefinition(_ conv: Conv2D, _ x: Tensor) -> [Float] {
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

/// Every element of `a` within `tolerance` of `b`'s (`reference` names where `b` comes from in
/// the failure message); fails once, at the first that is not.
func assertClose(_ a: [Float], _ b: [Float], _ tolerance: Float, _ what: String, reference: String = "",
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, what, file: file, line: line)
    for (i, (x, y)) in zip(a, b).enumerated() where abs(x - y) > tolerance {
        XCTFail("\(what)[\(i)]: \(x) vs \(reference.isEmpty ? "" : reference + " ")\(y)", file: file, line: line)
        return
    }
}

/// Same weights, same input, same upstream gradient: outputs and every gradient within 1e-5.
func assertSamePasses(_ a: Conv2D, _ b: Conv2D, batch: Int, _ gc: inout GradientCheck, file: StaticString = #filePath, line: UInt = #line) {
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
