import COpenBLAS

/// k nearest neighbours of every row of `data` `[n, d]` (self excluded), exact: squared
/// distances ‖x‖² + ‖y‖² − 2x·y are formed block by block with one SGEMM per block of 256
/// rows (OpenBLAS single-threaded inside each worker) and the k smallest kept in a bounded
/// max-heap, which skips eight distances at a time when none is smaller than its largest.
/// Cosine distance is 1 − cos, computed as half the squared distance of the normalized rows.
/// Returns `indices` and `distances` `[n, k]`, nearest first.
///
/// Exact search costs O(n²·d); at 20,000 × 128 it takes a few seconds on 2 cores, which is why
/// no approximate search (NN-descent) is used at the sizes this tool embeds (see docs/umap.md).
public struct NeighborGraph: Equatable, Sendable {
    public let n: Int
    public let k: Int
    public var indices: [Int32]
    public var distances: [Float]

    /// The first `count` (≤ k) neighbours of every point `[n, count]`: for an exact search, the
    /// same as searching for `count` (the order is by distance, then index).
    public func nearest(_ count: Int) -> NeighborGraph {
        precondition(count <= k, "asked for \(count) of \(k) neighbours")
        guard count < k else { return self }
        var indices = [Int32](), distances = [Float]()
        indices.reserveCapacity(n * count)
        distances.reserveCapacity(n * count)
        for i in 0..<n {
            indices += self.indices[i * k..<i * k + count]
            distances += self.distances[i * k..<i * k + count]
        }
        return NeighborGraph(n: n, k: count, indices: indices, distances: distances)
    }
}

public func nearestNeighbors(_ data: [Float], n: Int, d: Int, k: Int, metric: UMAPOptions.Metric = .euclidean,
                             threads: Int = 2) -> NeighborGraph {
    var x = data
    if metric == .cosine { normalizeRows(&x, n: n, d: d) }
    let norms = squaredNorms(x, n: n, d: d)
    var indices = [Int32](repeating: 0, count: n * k)
    var distances = [Float](repeating: 0, count: n * k)
    let block = 256
    let blocks = (n + block - 1) / block
    openblas_set_num_threads(1)
    x.withUnsafeBufferPointer { xs in
        norms.withUnsafeBufferPointer { norms in
            indices.withUnsafeMutableBufferPointer { outI in
                distances.withUnsafeMutableBufferPointer { outD in
                    parallelChunks(blocks, threads: threads) { range in
                        var dots = [Float](repeating: 0, count: block * n)
                        var heap = BoundedHeap(capacity: k)
                        for b in range {
                            let lo = b * block, rows = min(block, n - lo)
                            dots.withUnsafeMutableBufferPointer { dots in
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(d), 1,
                                            xs.baseAddress! + lo * d, Int32(d), xs.baseAddress!, Int32(d), 0,
                                            dots.baseAddress!, Int32(n))
                                for r in 0..<rows {
                                    let i = lo + r
                                    heap.reset()
                                    let row = dots.baseAddress! + r * n
                                    let ni = norms[i]
                                    var j = 0
                                    while j < n { row[j] = max(0, ni + norms[j] - 2 * row[j]); j &+= 1 }
                                    heap.offer(row, 0..<i)
                                    heap.offer(row, i + 1..<n)
                                    heap.drainSorted(into: outI.baseAddress! + i * k, outD.baseAddress! + i * k)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    for i in 0..<distances.count {
        distances[i] = metric == .cosine ? distances[i] / 2 : distances[i].squareRoot()
    }
    return NeighborGraph(n: n, k: k, indices: indices, distances: distances)
}

/// The k smallest (value, index) pairs seen, as a max-heap on value (ties broken by index so
/// the result does not depend on the order of offers).
struct BoundedHeap {
    let capacity: Int
    private var values: [Float]
    private var ids: [Int32]
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        values = [Float](repeating: 0, count: capacity)
        ids = [Int32](repeating: 0, count: capacity)
    }

    mutating func reset() { count = 0 }

    @inline(__always) private func greater(_ a: Int, _ b: Int) -> Bool {
        values[a] > values[b] || (values[a] == values[b] && ids[a] > ids[b])
    }

    @inline(__always) mutating func offer(_ value: Float, _ id: Int32) {
        if count < capacity {
            var i = count
            values[i] = value; ids[i] = id
            count += 1
            while i > 0 {
                let p = (i - 1) / 2
                if greater(i, p) { values.swapAt(i, p); ids.swapAt(i, p); i = p } else { break }
            }
            return
        }
        guard value < values[0] || (value == values[0] && id < ids[0]) else { return }
        values[0] = value; ids[0] = id
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < count, greater(l, m) { m = l }
            if r < count, greater(r, m) { m = r }
            if m == i { break }
            values.swapAt(i, m); ids.swapAt(i, m); i = m
        }
    }

    /// Offers `(row[j], j)` for every j in `range`, in order. Once the heap is full, eight
    /// values are compared with the largest kept at once and only a block with a smaller one is
    /// offered value by value: the same result as offering each, since the ids grow along the
    /// row, so a value equal to the largest kept would lose the tie anyway.
    mutating func offer(_ row: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        var j = range.lowerBound
        while j < range.upperBound, count < capacity { offer(row[j], Int32(j)); j += 1 }
        while j + 8 <= range.upperBound {
            if anyBelow(values[0], row + j) {
                for t in j..<j + 8 { offer(row[t], Int32(t)) }
            }
            j += 8
        }
        while j < range.upperBound { offer(row[j], Int32(j)); j += 1 }
    }

    /// Writes the kept pairs in ascending order (and empties the heap).
    mutating func drainSorted(into outIds: UnsafeMutablePointer<Int32>, _ outValues: UnsafeMutablePointer<Float>) {
        let order = (0..<count).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && ids[$0] < ids[$1]) }
        for (r, s) in order.enumerated() { outIds[r] = ids[s]; outValues[r] = values[s] }
        count = 0
    }
}

/// Whether any of the eight values at `block` is below `bound` (written as a branch-free
/// while loop, which the compiler turns into two vector compares).
@inline(__always)
private func anyBelow(_ bound: Float, _ block: UnsafeMutablePointer<Float>) -> Bool {
    var below: Int32 = 0, t = 0
    while t < 8 { below |= block[t] < bound ? 1 : 0; t &+= 1 }
    return below != 0
}

/// ‖xᵢ‖² of every row of `x` `[n, d]`.
func squaredNorms(_ x: [Float], n: Int, d: Int) -> [Float] {
    (0..<n).map { i in
        var s: Float = 0
        for j in 0..<d { s += x[i * d + j] * x[i * d + j] }
        return s
    }
}
