import Support

/// The IDX format of the MNIST family (LeCun et al.): a big-endian magic number
/// `0x0000 TT NN` (TT = 0x08 for unsigned bytes, NN = number of dimensions), NN big-endian
/// uint32 sizes, then the data in row-major order. Files may be gzipped.
public enum IDXFile {
    /// Reads an unsigned-byte IDX file with `dimensions` dimensions; returns its sizes and data.
    /// Errors name the file for a wrong magic number, a zero size, sizes whose product
    /// overflows or exceeds `CheckedSize.maxBytes`, and a file (or, gzipped, its trailer's
    /// declared size) shorter or longer than the header says, all checked before the data is
    /// read; the data is then read in bounded steps.
    public static func read(_ path: String, dimensions: Int, missingHint: String = "") throws -> (shape: [Int], data: [UInt8]) {
        let file = try FileBytes(path: path, missingHint: missingHint)
        let header = 4 + 4 * dimensions
        let bytes = try file.read(upTo: header)
        let expectedMagic = UInt32(0x0800) | UInt32(dimensions)
        guard bytes.count == header else {
            throw ToolError.badInput("\(path): \(bytes.count) bytes is too short for an IDX header with \(dimensions) dimensions")
        }
        let magic = bigEndian(bytes, at: 0)
        guard magic == expectedMagic else {
            throw ToolError.badInput("\(path): wrong IDX magic number 0x\(hex(magic)); expected 0x\(hex(expectedMagic)) (unsigned bytes, \(dimensions) dimension\(dimensions == 1 ? "" : "s"))")
        }
        let shape = (0..<dimensions).map { Int(bigEndian(bytes, at: 4 + 4 * $0)) }
        let sizes = shape.map(String.init).joined(separator: "×")
        guard shape.allSatisfy({ $0 > 0 }) else { throw ToolError.badInput("\(path): the header's sizes \(sizes) include a zero") }
        guard let expected = CheckedSize.product(shape), expected <= CheckedSize.maxBytes else {
            throw ToolError.badInput("\(path): the header's sizes \(sizes) declare more than the \(CheckedSize.describe(CheckedSize.maxBytes)) a data file may hold")
        }
        guard file.declares(header + expected) else {
            let holds = "\(Int(file.declaredSize) - header)\(file.isGzip ? " by its gzip trailer (modulo 2^32)" : "")"
            throw ToolError.badInput("\(path): the header's sizes \(sizes) need \(expected) data bytes but the file holds \(holds)")
        }
        let data = try file.read(upTo: expected)
        guard data.count == expected, try file.atEnd() else {
            let holds = data.count < expected ? "\(data.count)" : "more"
            throw ToolError.badInput("\(path): the header's sizes \(sizes) need \(expected) data bytes but the file holds \(holds)")
        }
        return (shape, data)
    }

    /// Reads an images file (`[N, H, W]`) and its labels file (`[N]`) into `LabeledImages`.
    public static func readPair(images: String, labels: String, classNames: [String], missingHint: String = "") throws -> LabeledImages {
        let (shape, pixels) = try read(images, dimensions: 3, missingHint: missingHint)
        let (labelShape, labelBytes) = try read(labels, dimensions: 1, missingHint: missingHint)
        guard labelShape[0] == shape[0] else {
            throw ToolError.badInput("\(labels): holds \(labelShape[0]) labels but \(images) holds \(shape[0]) images")
        }
        if let bad = labelBytes.first(where: { Int($0) >= classNames.count }) {
            throw ToolError.badInput("\(labels): label \(bad) is outside the \(classNames.count) configured classes")
        }
        return try LabeledImages(height: shape[1], width: shape[2], classNames: classNames,
                                 pixels: pixels, labels: labelBytes.map { Int32($0) })
    }

    private static func bigEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    private static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}
