import CHDF5
import Foundation
import Support

/// Reading and writing strings through HDF5, in both layouts found in the wild:
/// variable-length (h5py's default) and fixed-size, NUL-padded.
enum HDF5Strings {
    /// A new variable-length UTF-8 string type; close it with H5Tclose.
    static func variableUTF8() -> hid_t {
        let type = H5Tcopy(chdf5_c_s1())
        H5Tset_size(type, chdf5_variable())
        H5Tset_cset(type, H5T_CSET_UTF8)
        return type
    }

    /// Calls `body` with an array of C string pointers for `values`, freed afterwards.
    static func withCStrings<R>(_ values: [String], _ body: ([UnsafePointer<CChar>?]) throws -> R) rethrows -> R {
        let owned = values.map { strdup($0) }
        defer { owned.forEach { free($0) } }
        return try body(owned.map { UnsafePointer($0) })
    }

    /// Reads every string of a dataset (`isAttribute == false`) or attribute of `file`, after
    /// checking that the file can hold as many as it declares (`HDF5ReadLimit`).
    static func read(from object: hid_t, isAttribute: Bool, file: String, what: @autoclosure () -> String) throws -> [String] {
        let fileType = isAttribute ? H5Aget_type(object) : H5Dget_type(object)
        defer { H5Tclose(fileType) }
        guard H5Tget_class(fileType) == H5T_STRING else {
            throw ToolError.badInput("\(what()): expected strings")
        }
        let space = isAttribute ? H5Aget_space(object) : H5Dget_space(object)
        defer { H5Sclose(space) }
        let points = H5Sget_simple_extent_npoints(space)
        guard points >= 0 else { throw ToolError.badInput("\(what()): cannot read its extent") }
        let count = Int(points)
        let isVariable = H5Tis_variable_str(fileType) > 0
        let size = H5Tget_size(fileType)
        let storage = isAttribute ? nil : Int(clamping: H5Dget_storage_size(object))
        try HDF5ReadLimit.check(count: count, memorySize: isVariable ? MemoryLayout<UnsafeMutablePointer<CChar>?>.stride : max(size, 1),
                                storedSize: max(size, 1), storage: storage, filtered: !isAttribute && filtered(object),
                                file: file, what: what())
        if isVariable {
            let memType = variableUTF8()
            defer { H5Tclose(memType) }
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            let status = isAttribute ? H5Aread(object, memType, &pointers) : H5Dread(object, memType, 0, 0, 0, &pointers)
            try check(status, "\(what()): cannot read strings")
            defer { H5Dvlen_reclaim(memType, space, 0, &pointers) }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let memType = H5Tcopy(chdf5_c_s1())
        defer { H5Tclose(memType) }
        H5Tset_size(memType, size)
        var bytes = [UInt8](repeating: 0, count: count * size)
        let status = isAttribute ? H5Aread(object, memType, &bytes) : H5Dread(object, memType, 0, 0, 0, &bytes)
        try check(status, "\(what()): cannot read strings")
        return (0..<count).map { k in
            let slice = bytes[k * size..<(k + 1) * size]
            let end = slice.firstIndex(of: 0) ?? slice.endIndex
            return String(decoding: slice[slice.startIndex..<end], as: UTF8.self)
        }
    }

    /// Whether a dataset is stored through filters (compression, checksums).
    private static func filtered(_ dataset: hid_t) -> Bool {
        let plist = H5Dget_create_plist(dataset)
        defer { if plist >= 0 { H5Pclose(plist) } }
        return plist >= 0 && H5Pget_nfilters(plist) > 0
    }
}
