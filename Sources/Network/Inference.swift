/// What a forward-only pass gives back: the logits and the outputs of the requested layers, one
/// row per sample.
public struct Inference {
    /// Class scores before the softmax, `[N, classes]`.
    public var logits: [Float]
    /// One array per requested layer index, `[N, D]` with D the layer's per-sample size,
    /// spatial outputs in PyTorch's flatten order `(c, h, w)`.
    public var captures: [[Float]]
}

extension Model {
    /// Runs `count` samples forward in evaluation mode (dropout off, batch norm on its running
    /// statistics, nothing kept for a backward pass), `chunk` samples at a time, and returns the
    /// logits and the outputs of the layers at `indices` (from `recordingIndex(of:)`).
    /// `fill(range, tensor)` puts samples `range` into `tensor` as `[C, range.count, H, W]`.
    /// Changes no weights or statistics; the layers' buffers grow to `chunk` samples.
    public func infer(count: Int, captureAt indices: [Int], chunk: Int = 128,
                      fill: (Range<Int>, Tensor) -> Void) -> Inference {
        inferChunks([self], parallel: { $0(0) }, count: count, indices: indices, chunk: chunk, fill: fill)
    }

    /// `infer` over the samples of `input` `[C, N, H, W]`.
    public func infer(_ input: Tensor, captureAt indices: [Int], chunk: Int = 128) -> Inference {
        infer(count: input.shape[1], captureAt: indices, chunk: chunk) { range, tensor in
            copySamples(range, of: input, into: tensor)
        }
    }
}

extension Replicas {
    /// `Model.infer` with the chunks dealt round-robin to the replicas, one thread each. Every
    /// sample's rows are written by exactly one of them, so the result does not depend on
    /// scheduling and equals the primary's own `infer`. `fill` is called concurrently, each
    /// time with a different tensor.
    public func infer(count: Int, captureAt indices: [Int], chunk: Int = 128,
                      fill: (Range<Int>, Tensor) -> Void) -> Inference {
        inferChunks(models, parallel: parallel, count: count, indices: indices, chunk: chunk, fill: fill)
    }
}

/// Deals chunks of `chunk` samples round-robin to `models` (identical copies), run by
/// `parallel(body)` as `body(worker)` for every worker, and gathers their rows.
private func inferChunks(_ models: [Model], parallel: ((Int) -> Void) -> Void, count: Int, indices: [Int], chunk: Int,
                         fill: (Range<Int>, Tensor) -> Void) -> Inference {
    let first = models[0], classes = first.classCount
    let widths = indices.map { first.layers[$0].outputShape.reduce(1, *) }
    // Raw buffers: the workers write disjoint rows of them concurrently.
    func buffer(_ n: Int) -> UnsafeMutableBufferPointer<Float> {
        let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(n, 1))
        b.initialize(repeating: 0)
        return b
    }
    let logits = buffer(count * classes)
    let captures = widths.map { buffer(count * $0) }
    defer { ([logits] + captures).forEach { $0.deallocate() } }
    let size = max(1, chunk), chunks = (count + size - 1) / size
    let kept = Set(indices)
    withoutActuallyEscaping(fill) { fill in
        parallel { w in
            let model = models[w], input = Tensor()
            for c in stride(from: w, to: chunks, by: models.count) {
                let range = c * size..<min((c + 1) * size, count)
                fill(range, input)
                let out = model.forward(input, training: false, keeping: kept)
                (logits.baseAddress! + range.lowerBound * classes).update(from: out.data.baseAddress!, count: range.count * classes)
                for (k, index) in indices.enumerated() {
                    for row in 0..<range.count {
                        copyRow(row, of: model.outputs[index], into: captures[k].baseAddress! + (range.lowerBound + row) * widths[k])
                    }
                }
            }
        }
    }
    return Inference(logits: Array(logits.prefix(count * classes)),
                     captures: zip(captures, widths).map { Array($0.prefix(count * $1)) })
}

/// Copies sample `row` of a layer output into `destination` as `[D]` in PyTorch's flatten order:
/// flat outputs are `[B, D]`; spatial ones `[C, B, H, W]` are gathered channel by channel.
public func copyRow(_ row: Int, of output: Tensor, into destination: UnsafeMutablePointer<Float>) {
    let shape = output.shape
    let base = output.data.baseAddress!
    if shape.count == 2 {
        destination.update(from: base + row * shape[1], count: shape[1])
    } else {
        let channels = shape[0], batch = shape[1], plane = shape[2] * shape[3]
        for c in 0..<channels {
            (destination + c * plane).update(from: base + (c * batch + row) * plane, count: plane)
        }
    }
}

/// Copies samples `range` of `source` `[C, N, H, W]` into `target` as `[C, range.count, H, W]`.
public func copySamples(_ range: Range<Int>, of source: Tensor, into target: Tensor) {
    let c = source.shape[0], n = source.shape[1], plane = source.shape[2] * source.shape[3]
    target.resize([c, range.count, source.shape[2], source.shape[3]])
    for ch in 0..<c {
        (target.data.baseAddress! + ch * range.count * plane)
            .update(from: source.data.baseAddress! + (ch * n + range.lowerBound) * plane, count: range.count * plane)
    }
}
