import CHDF5
import Foundation
import Support

/// The bound on every read whose size comes from a file: an HDF5 file declares its datasets'
/// and attributes' extents itself, so a damaged or hostile one can claim `[400, 1e5, 1e5]`
/// images (a 4 TB allocation). Before allocating, a read is refused when
/// - its element count overflows, or its bytes in memory exceed `maxBytes` (4 GiB);
/// - the elements as stored (count × the file type's size) exceed the bytes the file really
///   holds for them: the dataset's allocated storage and the file's size when it is stored
///   unfiltered (a shortfall means unwritten or truncated data, which HDF5 would otherwise
///   return as fill values), and `maxFilterRatio` × its storage when filtered (deflate never
///   compresses more than 1032:1, RFC 1951's longest match over the shortest code).
enum HDF5ReadLimit {
    static let maxBytes = 1 << 32
    static let maxFilterRatio = 1032

    /// The size in bytes of `path` on disk, or nil when it cannot be read.
    static func fileSize(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : nil
    }

    /// Element count of an extent, failing for sizes beyond `Int` (a corrupt header).
    static func count(_ shape: [Int], what: @autoclosure () -> String) throws -> Int {
        guard let n = CheckedSize.product(shape) else {
            throw ToolError.badInput("\(what()): the shape \(shape) overflows; the file is damaged")
        }
        return n
    }

    /// Throws unless `count` elements of `memorySize` bytes may be allocated and read from an
    /// object stored as `storedSize`-byte elements in `storage` bytes (nil: not known, e.g.
    /// an attribute, bounded by the file's size alone).
    static func check(count: Int, memorySize: Int, storedSize: Int, storage: Int?, filtered: Bool,
                      file: String, what: @autoclosure () -> String) throws {
        guard CheckedSize.bytes(count: count, elementSize: memorySize, limit: maxBytes) != nil else {
            throw ToolError.badInput("\(what()): \(count) elements of \(memorySize) bytes is more than the \(CheckedSize.describe(maxBytes)) a single read may take; the file is damaged or not one of ours")
        }
        guard let stored = CheckedSize.product([count, storedSize]) else {
            throw ToolError.badInput("\(what()): \(count) elements of \(storedSize) bytes overflow; the file is damaged")
        }
        let fileBytes = fileSize(file) ?? Int.max
        let ratio = filtered ? maxFilterRatio : 1
        let room = min(storage ?? fileBytes, fileBytes).multipliedReportingOverflow(by: ratio)
        let available = room.overflow ? Int.max : room.partialValue
        guard stored <= available else {
            let held = storage.map { "\(CheckedSize.describe($0)) stored" } ?? "a \(CheckedSize.describe(fileBytes)) file"
            throw ToolError.badInput("\(what()): declares \(count) elements (\(CheckedSize.describe(stored))) but \(filtered ? "even compressed, " : "")\(held) cannot hold them; the data was never written or the file is damaged")
        }
    }
}

extension HDF5Dataset {
    /// Refuses to read `elements` elements of `T` unless the file can hold them (`HDF5ReadLimit`).
    func checkReadable(elements: Int, memorySize: Int) throws {
        let type = H5Dget_type(id)
        defer { if type >= 0 { H5Tclose(type) } }
        let storedSize = type >= 0 ? H5Tget_size(type) : 0
        let plist = H5Dget_create_plist(id)
        defer { if plist >= 0 { H5Pclose(plist) } }
        let filtered = plist >= 0 && H5Pget_nfilters(plist) > 0
        let storage = Int(clamping: H5Dget_storage_size(id))
        _ = HDF5Library.takeError()
        try HDF5ReadLimit.check(count: elements, memorySize: memorySize, storedSize: max(storedSize, 1),
                                storage: storage, filtered: filtered, file: file.path, what: "\(file.path): \(name)")
    }
}
