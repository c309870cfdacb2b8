import Dispatch

/// Data parallelism on our own threads: `count` copies of one model (built from the same seed,
/// so identical), each taking a contiguous slice of every batch on its own thread with
/// OpenBLAS kept single-threaded. After the slices' backward passes, gradients are summed into
/// the first copy in a fixed order (deterministic for a given thread count), the optimizer
/// steps the first copy, and its weights are copied to the others. Batch-norm statistics are
/// per slice (as PyTorch's DataParallel without synchronized batch norm); running statistics
/// are taken from the first copy.
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

    /// Adds every other copy's gradients into the primary's, in worker order; each thread sums
    /// its own slice of every parameter (the sums do not depend on the slicing).
    public func reduceGradients() {
        guard models.count > 1 else { return }
        let targets = primary.parameters
        let sources = models.dropFirst().map(\.parameters)
        let targetPointers = targets.map { p in p.grad.withUnsafeMutableBufferPointer { $0 } }
        let sourcePointers = sources.map { ps in ps.map { p in p.grad.withUnsafeMutableBufferPointer { UnsafeBufferPointer($0) } } }
        parallel { w in
            for (k, g) in targetPointers.enumerated() {
                let slice = self.slice(w, of: g.count)
                for other in sourcePointers {
                    let o = other[k]
                    for i in slice { g[i] += o[i] }
                }
            }
        }
    }

    /// Copies the primary's weights and buffers into every other copy, each thread a slice.
    public func broadcastWeights() {
        guard models.count > 1 else { return }
        let source = (primary.parameters + primary.buffers).map { p in p.value.withUnsafeMutableBufferPointer { UnsafeBufferPointer($0) } }
        let targets = models.dropFirst().map { m in (m.parameters + m.buffers).map { p in p.value.withUnsafeMutableBufferPointer { $0 } } }
        parallel { w in
            for (k, s) in source.enumerated() {
                let slice = self.slice(w, of: s.count)
                for other in targets where !slice.isEmpty {
                    (other[k].baseAddress! + slice.lowerBound).update(from: s.baseAddress! + slice.lowerBound, count: slice.count)
                }
            }
        }
    }

    /// Worker `w`'s contiguous share of `count` elements.
    private func slice(_ w: Int, of count: Int) -> Range<Int> {
        count * w / models.count..<count * (w + 1) / models.count
    }
}
