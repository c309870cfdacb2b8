/// Max pooling over `size × size` windows with a stride (PyTorch's `nn.MaxPool2d`, no padding,
/// floor mode). Forward: x `[C, B, H, W]` → y `[C, B, OH, OW]`, remembering (when training) which
/// input won each window (the first maximum, as PyTorch); backward routes each output gradient
/// to that input.
public final class MaxPool2D: Layer {
    public let name: String
    public let kind = "maxpool"
    public let size, stride: Int
    public let channels, inputHeight, inputWidth: Int
    public var needsInputGradient = true
    private let output = Tensor()
    private let inputGradient = Tensor()
    private var winners = [Int32]()

    public init(name: String, inputShape: [Int], size: Int, stride: Int) {
        self.name = name
        self.size = size
        self.stride = stride
        channels = inputShape[0]
        inputHeight = inputShape[1]
        inputWidth = inputShape[2]
    }

    public var outputShape: [Int] {
        [channels, (inputHeight - size) / stride + 1, (inputWidth - size) / stride + 1]
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        forward(input, training: training, afterReLU: false)
    }

    /// With `afterReLU` the input is a ReLU's input rather than its output, and the ReLU is
    /// applied to the pooled values: max(ReLU(x)) = ReLU(max x), with the same winner wherever
    /// the maximum is positive (elsewhere no gradient passes either way), on a 4× smaller array.
    public func forward(_ input: Tensor, training: Bool, afterReLU: Bool) -> Tensor {
        let batch = input.shape[1]
        let oh = outputShape[1], ow = outputShape[2]
        let planes = channels * batch
        output.resize([channels, batch, oh, ow])
        let x = input.data.baseAddress!, y = output.data.baseAddress!
        let h = inputHeight, w = inputWidth, k = size, s = stride
        let floor: Float = afterReLU ? 0 : -.infinity
        if !training, k == 2, s == 2 { return max2x2(x, y, planes: planes, oh: oh, ow: ow, floor: floor) }
        if winners.count < output.count { winners = [Int32](repeating: 0, count: output.count) }
        winners.withUnsafeMutableBufferPointer { win in
            if k == 2, s == 2 { return pool2x2(x, y, win.baseAddress!, planes: planes, oh: oh, ow: ow, floor: floor) }
            for plane in 0..<planes {
                let xp = x + plane * h * w
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var best = -Float.infinity
                        var at = 0
                        for ky in 0..<k {
                            let row = (oy * s + ky) * w + ox * s
                            for kx in 0..<k where xp[row + kx] > best {
                                best = xp[row + kx]
                                at = row + kx
                            }
                        }
                        let o = (plane * oh + oy) * ow + ox
                        y[o] = max(best, floor)
                        win[o] = Int32(plane * h * w + at)
                    }
                }
            }
        }
        return output
    }

    /// The common 2×2, stride-2 window, unrolled and without branches (selects: the winner of
    /// random data is unpredictable); same first-maximum rule. Outputs are at least `floor`.
    private func pool2x2(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                         _ win: UnsafeMutablePointer<Int32>, planes: Int, oh: Int, ow: Int, floor: Float) {
        let h = inputHeight, w = inputWidth
        let offsets = SIMD4<Int32>(0, 2, 4, 6), floors = SIMD4<Float>(repeating: floor)
        var o = 0
        for plane in 0..<planes {
            let base = plane * h * w
            for oy in 0..<oh {
                let top = base + 2 * oy * w
                var ox = 0
                // Four windows at a time: their top-left, top-right, bottom-left and bottom-right
                // entries are the even and odd lanes of 8 floats of each of the two rows.
                while ox + 4 <= ow {
                    let a = top + 2 * ox
                    let upper = SIMD8<Float>.load(x + a), lower = SIMD8<Float>.load(x + a + w)
                    let origin = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: a)) &+ offsets
                    var best = upper.evenHalf, at = origin
                    challenge(&best, &at, upper.oddHalf, origin &+ 1)
                    challenge(&best, &at, lower.evenHalf, origin &+ Int32(truncatingIfNeeded: w))
                    challenge(&best, &at, lower.oddHalf, origin &+ Int32(truncatingIfNeeded: w + 1))
                    UnsafeMutableRawPointer(y + o).storeBytes(of: larger(best, floors), as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(win + o).storeBytes(of: at, as: SIMD4<Int32>.self)
                    o += 4
                    ox += 4
                }
                for ox in ox..<ow {
                    let a = top + 2 * ox
                    var best = x[a], at = a
                    let b = x[a + 1], c = x[a + w], d = x[a + w + 1]
                    at = b > best ? a + 1 : at
                    best = b > best ? b : best
                    at = c > best ? a + w : at
                    best = c > best ? c : best
                    at = d > best ? a + w + 1 : at
                    best = d > best ? d : best
                    y[o] = max(best, floor)
                    win[o] = Int32(truncatingIfNeeded: at)
                    o += 1
                }
            }
        }
    }

    /// The 2×2, stride-2 maximum alone (evaluation: no winners kept), at least `floor`.
    private func max2x2(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int, oh: Int, ow: Int,
                        floor: Float) -> Tensor {
        let h = inputHeight, w = inputWidth, floors = SIMD4<Float>(repeating: floor)
        var o = 0
        for plane in 0..<planes {
            for oy in 0..<oh {
                let top = x + plane * h * w + 2 * oy * w
                var ox = 0
                while ox + 4 <= ow {
                    let upper = SIMD8<Float>.load(top + 2 * ox), lower = SIMD8<Float>.load(top + 2 * ox + w)
                    let best = larger(larger(upper.evenHalf, upper.oddHalf), larger(lower.evenHalf, lower.oddHalf))
                    UnsafeMutableRawPointer(y + o).storeBytes(of: larger(best, floors), as: SIMD4<Float>.self)
                    o += 4
                    ox += 4
                }
                for ox in ox..<ow {
                    let a = top + 2 * ox
                    y[o] = max(max(max(a[0], a[1]), max(a[w], a[w + 1])), floor)
                    o += 1
                }
            }
        }
        return output
    }

    public func backward(_ outputGradient: Tensor) -> Tensor {
        backward(outputGradient, throughReLU: false)
    }

    /// Routes each output gradient to its window's winner; with `throughReLU` (the input was a
    /// ReLU's output) also applies that ReLU's backward: windows whose maximum is 0 pass no
    /// gradient, as the ReLU's would not at the winner.
    public func backward(_ outputGradient: Tensor, throughReLU: Bool) -> Tensor {
        let batch = outputGradient.shape[1]
        inputGradient.resize([channels, batch, inputHeight, inputWidth])
        let dx = inputGradient.data.baseAddress!, dy = outputGradient.data.baseAddress!, y = output.data.baseAddress!
        let h = inputHeight, w = inputWidth
        @inline(__always) func gradient(_ o: Int) -> Float { throughReLU && !(y[o] > 0) ? 0 : dy[o] }
        winners.withUnsafeBufferPointer { win in
            if size == 2, stride == 2, h % 2 == 0, w % 2 == 0 {
                // The windows tile the input: clear each window, then set its winner.
                let oh = h / 2, ow = w / 2
                let offsets = SIMD4<Int32>(0, 2, 4, 6), zero = SIMD4<Float>()
                let right = SIMD4<Int32>(repeating: 1), below = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: w))
                var o = 0
                for plane in 0..<channels * batch {
                    for oy in 0..<oh {
                        let top = plane * h * w + 2 * oy * w
                        var ox = 0
                        // Four windows at a time: each of the four entries gets the gradient where
                        // it won, interleaved back into 8 floats of each row.
                        while ox + 4 <= ow {
                            let a = top + 2 * ox
                            var g = UnsafeRawPointer(dy + o).loadUnaligned(as: SIMD4<Float>.self)
                            if throughReLU {
                                g.replace(with: zero, where: .!(UnsafeRawPointer(y + o).loadUnaligned(as: SIMD4<Float>.self) .> zero))
                            }
                            let at = UnsafeRawPointer(win.baseAddress! + o).loadUnaligned(as: SIMD4<Int32>.self)
                                &- (SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: a)) &+ offsets)
                            let gotIt = { (offset: SIMD4<Int32>) in zero.replacing(with: g, where: at .== offset) }
                            interleave(gotIt(.zero), gotIt(right)).store(dx + a)
                            interleave(gotIt(below), gotIt(below &+ right)).store(dx + a + w)
                            o += 4
                            ox += 4
                        }
                        for ox in ox..<ow {
                            let a = top + 2 * ox
                            dx[a] = 0; dx[a + 1] = 0; dx[a + w] = 0; dx[a + w + 1] = 0
                            dx[Int(win[o])] = gradient(o)
                            o += 1
                        }
                    }
                }
            } else {
                inputGradient.zero()
                for o in 0..<outputGradient.count { dx[Int(win[o])] += gradient(o) }
            }
        }
        return inputGradient
    }
}

/// Lane by lane, `value` (at `position`) replaces the best so far when strictly greater, so the
/// first maximum keeps winning ties.
@inline(__always)
private func challenge(_ best: inout SIMD4<Float>, _ at: inout SIMD4<Int32>, _ value: SIMD4<Float>, _ position: SIMD4<Int32>) {
    let wins = value .> best
    best.replace(with: value, where: wins)
    at.replace(with: position, where: wins)
}

/// (e₀, o₀, e₁, o₁, e₂, o₂, e₃, o₃).
@inline(__always)
private func interleave(_ even: SIMD4<Float>, _ odd: SIMD4<Float>) -> SIMD8<Float> {
    SIMD8(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
}

/// Lane by lane, b where b > a, else a: a compare and a blend (`pointwiseMax` follows IEEE
/// maxNum's NaN rules lane by lane in scalar code).
@inline(__always)
private func larger(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}
