import Dispatch

/// Splits `0..<count` into `threads` contiguous chunks and runs `body(range)` for each on its
/// own thread. Chunk boundaries depend only on `count` and `threads`.
func parallelChunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
    let parts = max(1, min(threads, count))
    if parts == 1 { body(0..<count); return }
    DispatchQueue.concurrentPerform(iterations: parts) { t in
        body(count * t / parts..<count * (t + 1) / parts)
    }
}
