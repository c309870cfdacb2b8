import CZlib
import Foundation
import Support

/// A data file read in bounded steps, gunzipped on the way when gzip-compressed (zlib's gzread
/// passes plain files through unchanged). Before any content is read, `declaredSize` says what
/// the file claims to hold: its size on disk when plain, the gzip trailer's ISIZE when
/// compressed (the uncompressed size modulo 2^32, RFC 1952 §2.3.1), so a reader can compare a
/// header's sizes with it and refuse a 6.5 MB file that would inflate to 1.5 GB before
/// inflating it. Reads allocate only what they return and go 1 MiB at a time.
final class FileBytes {
    let path: String
    let isGzip: Bool
    /// Plain: the file's size. Gzip: ISIZE, the uncompressed size modulo 2^32.
    let declaredSize: UInt64
    private let file: gzFile
    /// Decompressed bytes handed out so far.
    private(set) var position = 0

    init(path: String, missingHint: String = "") throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ToolError.badInput(FileManager.default.fileExists(atPath: path)
                ? "\(path): cannot read the file (permissions?)" : "\(path): no such file\(missingHint)")
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        handle.seek(toFileOffset: 0)
        let magic = [UInt8]((try? handle.read(upToCount: 2)) ?? Data())
        isGzip = magic == [0x1F, 0x8B]
        if isGzip {
            guard size >= 18 else { throw ToolError.badInput("\(path): \(size) bytes is too short for a gzip file") }
            handle.seek(toFileOffset: size - 4)
            let trailer = [UInt8]((try? handle.read(upToCount: 4)) ?? Data())
            guard trailer.count == 4 else { throw ToolError.badInput("\(path): cannot read the gzip trailer") }
            declaredSize = trailer.reversed().reduce(0) { $0 << 8 | UInt64($1) }
        } else {
            declaredSize = size
        }
        guard let file = gzopen(path, "rb") else {
            throw ToolError.badInput("\(path): cannot open the file: \(String(cString: strerror(errno)))")
        }
        gzbuffer(file, 1 << 18)
        self.path = path
        self.file = file
    }

    deinit { gzclose(file) }

    /// Whether `total` decompressed bytes agree with `declaredSize` (modulo 2^32 for gzip).
    func declares(_ total: Int) -> Bool {
        isGzip ? UInt64(total) & 0xFFFF_FFFF == declaredSize : UInt64(total) == declaredSize
    }

    /// Up to `count` more bytes (fewer only at the end of the file), read 1 MiB at a time.
    func read(upTo count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let step = min(count - filled, 1 << 20)
            let n = out.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + filled, UInt32(step)) }
            if n < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
                throw ToolError.badInput("\(path): cannot read (corrupt gzip data?): \(message)")
            }
            if n == 0 { break }
            filled += Int(n)
        }
        position += filled
        if filled < count { out.removeLast(count - filled) }
        return out
    }

    /// Whether every byte has been read (reads one byte ahead to tell).
    func atEnd() throws -> Bool { try read(upTo: 1).isEmpty }
}
