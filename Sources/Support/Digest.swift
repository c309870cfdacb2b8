import COpenSSL
import Foundation

/// SHA-256 digests (FIPS 180-4) as 64 lowercase hex digits, for fingerprints and `source_digest`.
/// Computed by OpenSSL's libcrypto (its EVP interface; SHA extensions where the CPU has them).
public enum Digest {
    /// The digest of bytes.
    public static func sha256(_ data: Data) -> String {
        var hasher = Hasher()
        data.withUnsafeBytes { hasher.update(bytes: $0) }
        return hasher.finalize()
    }

    /// The digest of a string's UTF-8 bytes.
    public static func sha256(_ text: String) -> String { sha256(Data(text.utf8)) }

    /// The digest of a file's contents, read in 1 MiB pieces (constant memory).
    public static func sha256(file path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError.badInput("\(path): cannot read the file (does it exist?)")
        }
        defer { try? handle.close() }
        var hasher = Hasher()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { hasher.update(bytes: $0) }
        }
        return hasher.finalize()
    }

    /// An incremental SHA-256 over bytes, strings and typed buffers (arrays of floats hashed in
    /// place, in their memory order). Not copyable: it owns one OpenSSL digest context, freed
    /// when the hasher ends.
    public struct Hasher: ~Copyable {
        private let context: OpaquePointer

        public init() {
            // EVP_MD_CTX_new fails only when memory is exhausted, as Swift's own allocations would.
            guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
                fatalError("OpenSSL cannot start a SHA-256 digest")
            }
            self.context = context
        }

        deinit { EVP_MD_CTX_free(context) }

        /// Adds raw bytes.
        public mutating func update(bytes: UnsafeRawBufferPointer) {
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            EVP_DigestUpdate(context, base, bytes.count)
        }

        /// Adds the bytes of `values` (`values.count × MemoryLayout<T>.stride` bytes).
        public mutating func update<T>(_ values: UnsafeBufferPointer<T>) { update(bytes: UnsafeRawBufferPointer(values)) }

        /// Adds a string's UTF-8 bytes.
        public mutating func update(_ text: String) {
            var text = text
            text.withUTF8 { update(bytes: UnsafeRawBufferPointer($0)) }
        }

        /// The digest of everything added so far, as 64 lowercase hex digits (taken from a copy
        /// of the context, so more can be added after).
        public func finalize() -> String {
            guard let copy = EVP_MD_CTX_new() else { fatalError("OpenSSL cannot copy a SHA-256 digest") }
            defer { EVP_MD_CTX_free(copy) }
            var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
            var length: UInt32 = 0
            guard EVP_MD_CTX_copy_ex(copy, context) == 1, EVP_DigestFinal_ex(copy, &digest, &length) == 1 else {
                fatalError("OpenSSL cannot finish a SHA-256 digest")
            }
            return Digest.hex(digest.prefix(Int(length)))
        }
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
