import CZlib
import Foundation
import XCTest

/// A fresh temporary directory per test, removed afterwards.
func temporaryDirectory(_ test: XCTestCase) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("datasets-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    return dir
}

/// Bytes of an unsigned-byte IDX file with the given sizes.
func idxBytes(shape: [Int], data: [UInt8], magic: UInt32? = nil) -> [UInt8] {
    var out = [UInt8]()
    let m = magic ?? (0x0800 | UInt32(shape.count))
    for v in [m] + shape.map(UInt32.init) { out += [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    return out + data
}

func write(_ bytes: [UInt8], to path: String, gzip: Bool = false) throws {
    if gzip {
        guard let f = gzopen(path, "wb") else { throw CocoaError(.fileWriteUnknown) }
        _ = bytes.withUnsafeBytes { gzwrite(f, $0.baseAddress, UInt32($0.count)) }
        gzclose(f)
    } else {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}

/// A version-1 .npy file of uint8 rows.
func npyBytes(rows: [[UInt8]], descr: String = "|u1", shape: String? = nil) -> [UInt8] {
    let cols = rows.first?.count ?? 784
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape ?? "(\(rows.count), \(cols))"), }"
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let n = header.utf8.count
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(header.utf8) + rows.flatMap { $0 }
}
