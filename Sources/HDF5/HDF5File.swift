import CHDF5
import Foundation
import Support

/// An open HDF5 file. Objects are addressed by absolute paths ("/layers/fc1/activation");
/// missing parent groups are created on the way. Not thread-safe: Debian's serial HDF5 must
/// be used from one thread at a time. The file closes when the object is released.
public final class HDF5File {
    public enum Mode {
        /// Create a new file, replacing any file of that name.
        case create
        /// Open an existing file for reading.
        case readOnly
        /// Open an existing file for reading and appending.
        case readWrite
    }

    /// The path the file was opened with, used in every message.
    public let path: String
    let id: hid_t
    private var isOpen = true

    public init(path: String, mode: Mode) throws {
        HDF5Library.prepare()
        self.path = path
        switch mode {
        case .create:
            // The root group without a modification time, like every object written here.
            let fcpl = H5Pcreate(chdf5_file_create())
            defer { H5Pclose(fcpl) }
            H5Pset_obj_track_times(fcpl, false)
            id = try check(H5Fcreate(path, chdf5_acc_trunc(), fcpl, 0), "\(path): cannot create the HDF5 file", kind: .failed)
        case .readOnly, .readWrite:
            guard FileManager.default.fileExists(atPath: path) else {
                throw ToolError.badInput("\(path): no such file")
            }
            guard H5Fis_hdf5(path) > 0 else {
                _ = HDF5Library.takeError()
                throw ToolError.badInput("\(path): not an HDF5 file")
            }
            let flags = mode == .readOnly ? chdf5_acc_rdonly() : chdf5_acc_rdwr()
            id = try check(H5Fopen(path, flags, 0), "\(path): cannot open the HDF5 file")
        }
    }

    deinit { close() }

    /// Closes the file (datasets still open keep it alive until they are released).
    public func close() {
        if isOpen { H5Fclose(id); isOpen = false }
    }

    /// Writes buffered data to disk, so a crash after this keeps everything written so far.
    public func flush() throws {
        try check(H5Fflush(id, H5F_SCOPE_GLOBAL), "\(path): cannot flush", kind: .failed)
    }

    /// Whether an object (group or dataset) exists at `objectPath`, checking each component.
    public func exists(_ objectPath: String) -> Bool {
        var prefix = ""
        for part in objectPath.split(separator: "/") {
            prefix += "/" + part
            if H5Lexists(id, prefix, 0) <= 0 { _ = HDF5Library.takeError(); return false }
        }
        return true
    }

    /// The names of the members of a group, in HDF5's name order.
    public func members(of group: String) throws -> [String] {
        let g = try check(H5Gopen2(id, group, 0), "\(path): \(group): no such group")
        defer { H5Gclose(g) }
        var info = H5G_info_t()
        try check(H5Gget_info(g, &info), "\(path): \(group): cannot list")
        var names: [String] = []
        for k in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, k, nil, 0, 0)
            guard size >= 0 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            H5Lget_name_by_idx(g, ".", H5_INDEX_NAME, H5_ITER_INC, k, &buffer, Int(size) + 1, 0)
            names.append(String(cString: buffer))
        }
        return names
    }

    /// Opens an existing dataset.
    public func dataset(_ objectPath: String) throws -> HDF5Dataset {
        guard exists(objectPath) else { throw ToolError.badInput("\(path): missing dataset \(objectPath)") }
        let d = try check(H5Dopen2(id, objectPath, 0), "\(path): cannot open dataset \(objectPath)")
        return try HDF5Dataset(file: self, id: d, name: objectPath)
    }

    /// Creates a dataset of element type `T`. `maxShape` nil entries are unlimited (needs
    /// `chunk`); `deflate` is a zlib level 1–9 (needs `chunk`); `checksum` adds HDF5's
    /// Fletcher-32 filter (needs `chunk`), so a reader detects a damaged chunk instead of
    /// reading it as data.
    public func createDataset<T: HDF5Element>(_ objectPath: String, of: T.Type, shape: [Int],
                                             maxShape: [Int?]? = nil, chunk: [Int]? = nil,
                                             deflate: Int? = nil, checksum: Bool = false) throws -> HDF5Dataset {
        let dims = shape.map { hsize_t($0) }
        let maxDims = (maxShape ?? shape).map { $0.map { hsize_t($0) } ?? chdf5_unlimited() }
        let space = try check(H5Screate_simple(Int32(dims.count), dims, maxDims), "\(path): \(objectPath): bad shape \(shape)")
        defer { H5Sclose(space) }
        let dcpl = H5Pcreate(chdf5_dataset_create())
        defer { H5Pclose(dcpl) }
        try check(H5Pset_obj_track_times(dcpl, false), "\(path): property list")
        if let chunk {
            try check(H5Pset_chunk(dcpl, Int32(chunk.count), chunk.map { hsize_t(Swift.max($0, 1)) }),
                      "\(path): \(objectPath): bad chunk \(chunk)")
            if let deflate { try check(H5Pset_deflate(dcpl, UInt32(deflate)), "\(path): deflate") }
            if checksum { try check(H5Pset_fletcher32(dcpl), "\(path): fletcher32") }
        }
        let lcpl = try linkCreationList(for: objectPath)
        defer { H5Pclose(lcpl) }
        let d = try check(H5Dcreate2(id, objectPath, T.hdf5Type, space, lcpl, dcpl, 0),
                          "\(path): cannot create dataset \(objectPath)", kind: .failed)
        return try HDF5Dataset(file: self, id: d, name: objectPath)
    }

    /// Creates a dataset holding `values` with `shape` (product must match).
    @discardableResult
    public func write<T: HDF5Element>(_ objectPath: String, _ values: [T], shape: [Int],
                                      chunk: [Int]? = nil, deflate: Int? = nil, checksum: Bool = false) throws -> HDF5Dataset {
        let d = try createDataset(objectPath, of: T.self, shape: shape, chunk: chunk, deflate: deflate, checksum: checksum)
        try d.write(values)
        return d
    }

    /// Writes a 1-D dataset of variable-length UTF-8 strings (what h5py's string_dtype gives).
    public func writeStrings(_ objectPath: String, _ values: [String]) throws {
        let type = HDF5Strings.variableUTF8()
        defer { H5Tclose(type) }
        let space = H5Screate_simple(1, [hsize_t(values.count)], nil)
        defer { H5Sclose(space) }
        let lcpl = try linkCreationList(for: objectPath)
        defer { H5Pclose(lcpl) }
        let dcpl = H5Pcreate(chdf5_dataset_create())
        defer { H5Pclose(dcpl) }
        try check(H5Pset_obj_track_times(dcpl, false), "\(path): property list")
        let d = try check(H5Dcreate2(id, objectPath, type, space, lcpl, dcpl, 0),
                          "\(path): cannot create dataset \(objectPath)", kind: .failed)
        defer { H5Dclose(d) }
        _ = try HDF5Strings.withCStrings(values) { pointers in
            try check(H5Dwrite(d, type, 0, 0, 0, pointers), "\(path): cannot write \(objectPath)", kind: .failed)
        }
    }

    /// Reads a 1-D dataset of strings, variable-length or fixed-size, ASCII or UTF-8.
    public func readStrings(_ objectPath: String) throws -> [String] {
        guard exists(objectPath) else { throw ToolError.badInput("\(path): missing dataset \(objectPath)") }
        let d = try check(H5Dopen2(id, objectPath, 0), "\(path): cannot open dataset \(objectPath)")
        defer { H5Dclose(d) }
        return try HDF5Strings.read(from: d, isAttribute: false, file: path, what: "\(path): \(objectPath)")
    }

    /// Link creation properties that create missing parent groups. Before returning, the
    /// parents of `objectPath` are created without modification times, so that writing the
    /// same data twice gives the same bytes (HDF5 stamps every new object with the time).
    private func linkCreationList(for objectPath: String) throws -> hid_t {
        var prefix = ""
        for part in objectPath.split(separator: "/").dropLast() {
            prefix += "/" + part
            guard H5Lexists(id, prefix, 0) <= 0 else { continue }
            _ = HDF5Library.takeError()
            let gcpl = H5Pcreate(chdf5_group_create())
            defer { H5Pclose(gcpl) }
            try check(H5Pset_obj_track_times(gcpl, false), "\(path): property list")
            let g = try check(H5Gcreate2(id, prefix, 0, gcpl, 0), "\(path): cannot create group \(prefix)", kind: .failed)
            H5Gclose(g)
        }
        let lcpl = H5Pcreate(chdf5_link_create())
        try check(H5Pset_create_intermediate_group(lcpl, 1), "\(path): property list")
        return lcpl
    }
}
