import Foundation
import Artifacts
import Network
import Support

/// Everything needed to continue training after snapshot `snapshot` (its position in the
/// schedule, taken after optimizer step `step`): every parameter, its optimizer state, the
/// batch-norm running statistics, the optimizer's step count, and the training metrics of that
/// snapshot (so its record can be written again if a crash came between the checkpoint and the
/// record). Shuffling and dropout are reseeded from (seed, epoch) and (seed, step), so no
/// generator state is needed. `configDigest` ties the checkpoint to the config that made it.
///
/// Binary layout (little-endian): "CNNTLCK1", u32 version 2, 64 bytes of config digest (hex),
/// i64 snapshot, i64 step, i64 optimizer steps, u32 metric count M, M × f32 metrics
/// (`Metric.allCases` order), u32 array count, then per array a u64 length and its f32 values.
public struct Checkpoint {
    public var configDigest: String
    public var snapshot: Int
    public var step: Int
    public var optimizerSteps: Int
    /// By `Metric`; absent ones are NaN.
    public var metrics: [Metric: Float]
    /// Per parameter: its value followed by its optimizer state arrays; then buffer values.
    public var arrays: [[Float]]

    static let magic = Array("CNNTLCK1".utf8)
    static let version: UInt32 = 2

    /// Captures the model and optimizer state.
    public init(model: Model, optimizer: Optimizer, snapshot: Int, step: Int, metrics: [Metric: Float], configDigest: String) {
        self.configDigest = configDigest
        self.snapshot = snapshot
        self.step = step
        optimizerSteps = optimizer.steps
        self.metrics = metrics
        var arrays: [[Float]] = []
        for p in model.parameters {
            arrays.append(p.value)
            arrays.append([Float(p.state.count)])
            arrays += p.state
        }
        arrays += model.buffers.map(\.value)
        self.arrays = arrays
    }

    /// Writes the captured state back into `model` and `optimizer` (built from the same config).
    public func restore(into model: Model, optimizer: Optimizer, file: String) throws {
        var k = 0
        func next(_ count: Int?) throws -> [Float] {
            guard k < arrays.count, count == nil || arrays[k].count == count! else {
                throw ToolError.badInput("\(file): the checkpoint does not fit this model (rerun without --resume)")
            }
            k += 1
            return arrays[k - 1]
        }
        for p in model.parameters {
            p.value = try next(p.value.count)
            let count = try next(1)[0]
            guard count >= 0, count <= 8, count.rounded() == count else {
                throw ToolError.badInput("\(file): the checkpoint declares \(count) optimizer state arrays for a parameter; expected 0 to 8 (rerun without --resume)")
            }
            let states = Int(count)
            p.state = try (0..<states).map { _ in try next(p.value.count) }
        }
        for b in model.buffers { b.value = try next(b.value.count) }
        guard k == arrays.count else { throw ToolError.badInput("\(file): the checkpoint does not fit this model (rerun without --resume)") }
        optimizer.steps = optimizerSteps
    }

    /// The bytes of the layout above; arrays are appended whole (about 1 GB/s, where a value at
    /// a time took 0.2 s for the reference CNN's 5 MB).
    public func encoded() -> Data {
        var d = Data(Self.magic)
        d.reserveCapacity(128 + arrays.reduce(0) { $0 + 8 + 4 * $1.count })
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        put(UInt32(Self.version))
        d.append(contentsOf: Array(configDigest.utf8.prefix(64)) + [UInt8](repeating: 0, count: max(0, 64 - configDigest.utf8.count)))
        put(Int64(snapshot))
        put(Int64(step))
        put(Int64(optimizerSteps))
        put(UInt32(Metric.allCases.count))
        for m in Metric.allCases { put((metrics[m] ?? .nan).bitPattern) }
        put(UInt32(arrays.count))
        for a in arrays {
            put(UInt64(a.count))
            a.map { $0.bitPattern.littleEndian }.withUnsafeBytes { d.append(contentsOf: $0) }
        }
        return d
    }

    /// Parses a checkpoint file, rejecting anything malformed with a message naming `file`:
    /// every length is checked against the bytes left before allocating, and every value of
    /// every array must be finite (a NaN would poison training silently). Metrics may be NaN
    /// (`encoded()` pads missing ones with NaN).
    public init(data: Data, file: String) throws {
        let bytes = [UInt8](data)
        var i = 0
        func fail() -> ToolError { ToolError.badInput("\(file): not a cnn-train checkpoint, or a damaged one (delete it and rerun without --resume)") }
        func take<T: FixedWidthInteger>(_: T.Type) throws -> T {
            let n = MemoryLayout<T>.size
            guard i + n <= bytes.count else { throw fail() }
            var v: T = 0
            for b in 0..<n { v |= T(bytes[i + b]) << (8 * b) }
            i += n
            return v
        }
        guard bytes.count >= 8, Array(bytes[0..<8]) == Self.magic else { throw fail() }
        i = 8
        guard try take(UInt32.self) == Self.version, i + 64 <= bytes.count else { throw fail() }
        configDigest = String(decoding: bytes[i..<i + 64].filter { $0 != 0 }, as: UTF8.self)
        i += 64
        snapshot = Int(try take(Int64.self))
        step = Int(try take(Int64.self))
        optimizerSteps = Int(try take(Int64.self))
        guard snapshot >= 0, step >= 0, optimizerSteps >= 0, try take(UInt32.self) == UInt32(Metric.allCases.count) else { throw fail() }
        var metrics: [Metric: Float] = [:]
        for m in Metric.allCases { metrics[m] = Float(bitPattern: try take(UInt32.self)) }
        self.metrics = metrics
        let count = Int(try take(UInt32.self))
        var arrays: [[Float]] = []
        for k in 0..<count {
            let length = try take(UInt64.self)
            guard length <= UInt64((bytes.count - i) / 4) else { throw fail() }
            let n = Int(length)
            let a = bytes.withUnsafeBytes { raw in
                (0..<n).map { j in Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i + 4 * j, as: UInt32.self))) }
            }
            i += 4 * n
            if let bad = a.firstIndex(where: { !$0.isFinite }) {
                throw ToolError.badInput("\(file): array \(k) of the checkpoint holds \(a[bad]) at \(bad); expected finite numbers (delete it and rerun without --resume)")
            }
            arrays.append(a)
        }
        guard i == bytes.count else { throw fail() }
        self.arrays = arrays
    }
}
