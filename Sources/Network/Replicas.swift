import Dispatch

/// Data parallelism on our own threads: `count` copies of one model (built from the same seed,
/// so identical), each taking a contiguous slice of every batch on its own thread with
/// OpenBLAS kept single-threaded. After the slices' backward passes, `step` sums the gradients
/// into the first copy in a fixed order (deterministic for a given thread count), applies the
/// optimizer to the first copy and copies its weights to the others, in one pass on every
/// thread. Batch-norm statistics are per slice (as PyTorch's DataParallel without synchronized
/// batch norm); running statistics are taken from the first copy.
public final class Replicas {
    public let models: [Model]

    public init(count: Int, make: () throws -> Model) rethrows {
        models = try (0..<max(1, count)).map { _ in try make() }
        setBLASThreads(1)
    }

    /// The copy that holds the authoritative weights (optimizer, checkpoints).
    public var primary: Model { models[0] }

    /// Runs `body(worker)` for every copy concurrently.
    public func parallel(_ body: (Int) -> Void) {
        if models.count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: models.count, execute: body)
    }

    /// Elements of a parameter handled at a time in `step`: a chunk of every array it touches
    /// (each copy's gradient and weights, the optimizer's state) stays in the core's L1 cache.
    private static let chunk = 1024

    /// Ends a training step after every copy's backward pass, in one pass on all threads, each
    /// taking its contiguous slice of every parameter, a chunk at a time: sums the copies'
    /// gradients into the primary's in copy order (∇ = ((∇₀ + ∇₁) + ∇₂) …, deterministic for a
    /// given copy count and independent of the slicing), applies `optimizer`'s step to the
    /// primary's weights, writes them into every other copy and zeroes every copy's gradient
    /// for the next step (a fresh model's gradients are zero too, so training never has to
    /// zero them). The primary's batch-norm buffers are copied to the others in the same pass.
    public func step(_ optimizer: Optimizer) {
        let update = optimizer.begin(primary.parameters)
        let parameters = models.map(\.parameters)
        let values = parameters.map { ps in ps.map { p in p.value.withUnsafeMutableBufferPointer { $0 } } }
        let gradients = parameters.map { ps in ps.map { p in p.grad.withUnsafeMutableBufferPointer { $0 } } }
        let buffers = models.map { m in m.buffers.map { b in b.value.withUnsafeMutableBufferPointer { $0 } } }
        parallel { w in
            for (k, value) in values[0].enumerated() {
                let slice = self.slice(w, of: value.count)
                let theta = value.baseAddress!, sum = gradients[0][k].baseAddress!
                for start in stride(from: slice.lowerBound, to: slice.upperBound, by: Self.chunk) {
                    let range = start..<min(start + Self.chunk, slice.upperBound)
                    for other in gradients.dropFirst() {
                        let g = other[k].baseAddress!
                        for i in range { sum[i] += g[i] }
                        (g + start).update(repeating: 0, count: range.count)
                    }
                    update.update(k, range, value: theta, gradient: sum)
                    (sum + start).update(repeating: 0, count: range.count)
                    for other in values.dropFirst() { (other[k].baseAddress! + start).update(from: theta + start, count: range.count) }
                }
            }
            self.copySlices(w, of: buffers)
        }
    }

    /// Copies the primary's weights and buffers into every other copy, each thread a slice (after
    /// a checkpoint is restored into the primary).
    public func broadcastWeights() {
        guard models.count > 1 else { return }
        let arrays = models.map { m in (m.parameters + m.buffers).map { p in p.value.withUnsafeMutableBufferPointer { $0 } } }
        parallel { w in self.copySlices(w, of: arrays) }
    }

    /// Copies worker `w`'s slice of every array of `arrays[0]` (the primary's) into the same
    /// array of every other copy.
    private func copySlices(_ w: Int, of arrays: [[UnsafeMutableBufferPointer<Float>]]) {
        for (k, source) in arrays[0].enumerated() {
            let slice = self.slice(w, of: source.count)
            for other in arrays.dropFirst() where !slice.isEmpty {
                (other[k].baseAddress! + slice.lowerBound).update(from: source.baseAddress! + slice.lowerBound, count: slice.count)
            }
        }
    }

    /// Worker `w`'s contiguous share of `count` elements.
    private func slice(_ w: Int, of count: Int) -> Range<Int> {
        count * w / models.count..<count * (w + 1) / models.count
    }
}
