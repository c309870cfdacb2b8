/// A float32 buffer with a shape, owned by the layer that writes it and reused across batches
/// (it is only reallocated when it must grow), so the training loop allocates nothing per batch.
///
/// Layout conventions of the network: spatial activations are `[C, B, H, W]` ("CNHW": channel
/// outermost, so a convolution's GEMM writes its output in place and per-channel work is
/// contiguous); flat activations are `[B, F]`, one row per sample, features in PyTorch's
/// flatten order `(c, h, w)`.
public final class Tensor {
    public private(set) var shape: [Int]
    public private(set) var data: UnsafeMutableBufferPointer<Float>
    private var capacity: Int

    public init(shape: [Int] = [0]) {
        self.shape = shape
        let n = shape.reduce(1, *)
        capacity = max(1, n)
        let storage = UnsafeMutableBufferPointer<Float>.allocate(capacity: capacity)
        storage.initialize(repeating: 0)
        data = UnsafeMutableBufferPointer(start: storage.baseAddress, count: n)
    }

    /// A tensor holding a copy of `values`.
    public convenience init(shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        self.init(shape: shape)
        _ = data.update(from: values)
    }

    deinit { data.baseAddress?.deallocate() }

    public var count: Int { data.count }

    /// Changes the shape, growing the storage when needed; contents are unspecified after a
    /// resize that grows.
    public func resize(_ newShape: [Int]) {
        let n = newShape.reduce(1, *)
        if n > capacity {
            data.baseAddress?.deallocate()
            capacity = n
            let fresh = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
            fresh.initialize(repeating: 0)
            data = fresh
        } else if let base = data.baseAddress {
            data = UnsafeMutableBufferPointer(start: base, count: n)
        }
        shape = newShape
    }

    /// Sets every element to zero.
    public func zero() { data.update(repeating: 0) }

    /// The values as an array (for tests and recording).
    public var values: [Float] { Array(data) }
}
