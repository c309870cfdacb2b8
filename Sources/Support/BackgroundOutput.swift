import Dispatch
import Foundation

/// Atomic writes (`AtomicOutput.write`: partial name, fsync, rename) done on a background
/// thread, one at a time and in order, so work that must not wait for the disk (training
/// between two snapshots) goes on while a file is flushed. `write` hands over the bytes and
/// returns once the previous write has finished; `finish()` waits for the last one. A write
/// that failed is thrown by the next `write` or `finish()`, with `AtomicOutput`'s message.
public final class BackgroundOutput: @unchecked Sendable {
    private let queue = DispatchQueue(label: "cnn-timelapse.background-output")
    private let pending = DispatchGroup()
    /// Set by the background write, read after `pending.wait()` (which orders the two).
    private var failure: Error?

    public init() {}

    /// Waits for the previous write (throwing its error), then starts writing `data` to `path`.
    public func write(_ data: Data, to path: String) throws {
        try finish()
        pending.enter()
        queue.async { [self] in
            do { try AtomicOutput.write(data, to: path) } catch { failure = error }
            pending.leave()
        }
    }

    /// Waits until every write is on disk; throws the error of one that failed.
    public func finish() throws {
        pending.wait()
        if let error = failure {
            failure = nil
            throw error
        }
    }
}
