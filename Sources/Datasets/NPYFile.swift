import Foundation
import Support

/// A NumPy `.npy` array of unsigned bytes as Quick, Draw! ships its bitmaps: magic
/// `\x93NUMPY`, version 1.x (uint16 little-endian header length) or 2.x/3.x (uint32), then a
/// Python-literal header `{'descr': '|u1', 'fortran_order': False, 'shape': (N, 784), }`,
/// then the rows in C order. The shape's product is checked for overflow and against the
/// file's real size before any row is read. Rows of 784 bytes are 28×28 images; `(N, H, W)` shapes are
/// taken as they are. The file is memory-mapped, so reading a few rows of a large file is cheap.
public struct NPYFile {
    public let path: String
    public let rows: Int
    public let height: Int
    public let width: Int
    private let data: Data
    private let offset: Int

    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ToolError.badInput("\(path): no such file") }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw ToolError.badInput("\(path): cannot read the file: \(error.localizedDescription)")
        }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0..<6].elementsEqual([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) else {
            throw ToolError.badInput("\(path): not a NumPy .npy file (the magic string \\x93NUMPY is missing)")
        }
        let major = bytes[6]
        let headerLength: Int, start: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; start = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw ToolError.badInput("\(path): truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24; start = 12
        default: throw ToolError.badInput("\(path): unsupported .npy format version \(major); expected 1, 2 or 3")
        }
        guard data.count >= start + headerLength,
              let header = String(data: data.subdata(in: start ..< start + headerLength), encoding: .utf8) else {
            throw ToolError.badInput("\(path): truncated or unreadable .npy header")
        }
        let descr = Self.field("descr", in: header)?.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
        guard let descr, ["|u1", "<u1", ">u1", "u1", "|b1"].contains(descr) else {
            throw ToolError.badInput("\(path): dtype \(descr.map { "'\($0)'" } ?? "missing") is not supported; expected unsigned bytes '|u1' (Quick, Draw! bitmaps)")
        }
        guard Self.field("fortran_order", in: header) == "False" else {
            throw ToolError.badInput("\(path): the array is stored in Fortran order; expected C order ('fortran_order': False)")
        }
        guard let shapeText = Self.field("shape", in: header) else {
            throw ToolError.badInput("\(path): the .npy header has no shape")
        }
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let sizes = dims.compactMap { Int($0) }
        guard sizes.count == dims.count, sizes.allSatisfy({ $0 >= 0 }) else {
            throw ToolError.badInput("\(path): cannot read the shape \(shapeText)")
        }
        switch sizes.count {
        case 2:
            let side = Int(Double(sizes[1]).squareRoot().rounded())
            guard side > 0, CheckedSize.product([side, side]) == sizes[1] else {
                throw ToolError.badInput("\(path): rows of \(sizes[1]) bytes are not square images; expected rows of 784 (28×28)")
            }
            (height, width) = (side, side)
        case 3: (height, width) = (sizes[1], sizes[2])
        default: throw ToolError.badInput("\(path): shape \(shapeText) has \(sizes.count) dimensions; expected (N, 784) or (N, H, W)")
        }
        rows = sizes[0]
        offset = start + headerLength
        guard let needed = CheckedSize.product([rows, height, width]) else {
            throw ToolError.badInput("\(path): the shape \(shapeText) overflows; expected the sizes of a real file")
        }
        guard data.count - offset == needed else {
            throw ToolError.badInput("\(path): the shape \(shapeText) needs \(needed) data bytes but the file holds \(data.count - offset)")
        }
        self.path = path
        self.data = data
    }

    /// The pixels of row `i`, `height * width` bytes.
    public func row(_ i: Int) -> [UInt8] {
        let n = height * width
        return [UInt8](data[(data.startIndex + offset + i * n) ..< (data.startIndex + offset + (i + 1) * n)])
    }

    /// The raw text after `'key':` up to the next top-level comma.
    private static func field(_ key: String, in header: String) -> String? {
        guard let r = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[r.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0, end = rest.startIndex
        while end < rest.endIndex {
            let c = rest[end]
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0, c == "," || c == "}" { break }
            end = rest.index(after: end)
        }
        return String(rest[rest.startIndex ..< end]).trimmingCharacters(in: .whitespaces)
    }
}
