import Crypto
import Foundation

/// SHA-256 digests as lowercase hex, for fingerprints and `source_digest`.
public enum Digest {
    /// The digest of bytes.
    public static func sha256(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    /// The digest of a string's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// The digest of a file's contents, read in 1 MiB pieces (constant memory).
    public static func sha256(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError.badInput("\(path): cannot read the file (does it exist?)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hex(hasher.finalize())
    }

    /// An incremental SHA-256 over typed buffers (for hashing arrays of floats in place).
    public struct Hasher {
        private var inner = SHA256()
        public init() {}
        public mutating func update<T>(_ values: UnsafeBufferPointer<T>) {
            inner.update(bufferPointer: UnsafeRawBufferPointer(values))
        }
        public mutating func update(_ text: String) { inner.update(data: Data(text.utf8)) }
        public func finalize() -> String { Digest.hex(inner.finalize()) }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
