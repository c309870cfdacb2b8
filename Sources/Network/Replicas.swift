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

    /// Adds every other copy's gradients into the primary's, in worker order.
    public func reduceGradients() {
        guard models.count > 1 else { return }
        let targets = primary.parameters
        for other in models.dropFirst() {
            for (t, s) in zip(targets, other.parameters) {
                t.grad.withUnsafeMutableBufferPointer { g in
                    s.grad.withUnsafeBufferPointer { o in
                        for i in 0..<g.count { g[i] += o[i] }
                    }
                }
            }
        }
    }

    /// Copies the primary's weights and buffers into every other copy.
    public func broadcastWeights() {
        guard models.count > 1 else { return }
        let source = primary.parameters + primary.buffers
        for other in models.dropFirst() {
            for (t, s) in zip(other.parameters + other.buffers, source) {
                t.value.withUnsafeMutableBufferPointer { target in
                    s.value.withUnsafeBufferPointer { target.baseAddress!.update(from: $0.baseAddress!, count: $0.count) }
                }
            }
        }
    }
}
