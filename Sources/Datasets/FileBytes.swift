import CZlib
import Foundation
import Support

/// Reading a whole file into memory, gunzipping it on the way when it is gzip-compressed
/// (zlib's gzread passes plain files through unchanged, so both forms read the same way).
enum FileBytes {
    /// The (decompressed) contents of `path`; errors name the file.
    static func read(_ path: String, missingHint: String = "") throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ToolError.badInput("\(path): no such file\(missingHint)")
        }
        guard let file = gzopen(path, "rb") else {
            throw ToolError.badInput("\(path): cannot open the file: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        gzbuffer(file, 1 << 18)
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw ToolError.badInput("\(path): cannot read (corrupt gzip data?): \(message)")
            }
            if n == 0 { break }
            out += chunk[0..<Int(n)]
        }
        return out
    }
}
