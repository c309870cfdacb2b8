import CHDF5
import Support

/// Reading all of a file's metadata once, the way a program that trusts the file would reach
/// it: every object, its header, its attributes' values and, for a dataset, its extent, type,
/// filters and chunk index. Damaged metadata can make libhdf5 itself crash (see fuzz/README.md),
/// so this runs in a child process (`IsolatedVerification`) before a program reads a user's file;
/// data chunks need no walk, the writers checksum them (Fletcher-32) and a reader names a bad one.
extension HDF5File {
    /// Walks every object reachable from the root; throws the first failure HDF5 reports, as
    /// "file: object: what failed (HDF5: …)".
    public func walkMetadata() throws {
        for object in try visitObjects() {
            let o = try check(H5Oopen(id, object.path, 0), "\(path): cannot open \(object.path)")
            defer { H5Oclose(o) }
            for k in 0..<object.attributes { try walkAttribute(k, of: o, at: object.path) }
            if object.type == H5O_TYPE_DATASET { try walkDataset(object.path) }
        }
    }

    /// An object found by `visitObjects`: its absolute path, its type and its attribute count.
    private struct VisitedObject {
        let path: String
        let type: H5O_type_t
        let attributes: hsize_t
    }

    /// Every object, each once however many links reach it, with all of its header information
    /// read (H5O_INFO_ALL also sizes each group's link storage and each chunk index).
    private func visitObjects() throws -> [VisitedObject] {
        final class Found { var objects: [VisitedObject] = [] }
        let found = Found()
        let status = withExtendedLifetime(found) {
            H5Ovisit2(id, H5_INDEX_NAME, H5_ITER_INC, { _, name, info, context in
                guard let name, let info, let context else { return -1 }
                let relative = String(cString: name)
                Unmanaged<Found>.fromOpaque(context).takeUnretainedValue().objects.append(
                    VisitedObject(path: relative == "." ? "/" : "/" + relative, type: info.pointee.type, attributes: info.pointee.num_attrs))
                return 0
            }, Unmanaged.passUnretained(found).toOpaque(), chdf5_object_info_all())
        }
        try check(status, "\(path): cannot list its objects")
        return found.objects
    }

    /// Opens attribute `k` of `object` and reads its value when it holds numbers or strings
    /// (any other type is only opened: the programs read no such attribute).
    private func walkAttribute(_ k: hsize_t, of object: hid_t, at objectPath: String) throws {
        let a = try check(H5Aopen_by_idx(object, ".", H5_INDEX_NAME, H5_ITER_INC, k, 0, 0), "\(path): \(objectPath): cannot open attribute \(k)")
        defer { H5Aclose(a) }
        var name = [CChar](repeating: 0, count: 256)
        try check(H5Aget_name(a, name.count, &name), "\(path): \(objectPath): cannot read the name of attribute \(k)")
        let what = "\(path): attribute \(String(cString: name)) on \(objectPath)"
        let type = try check(H5Aget_type(a), "\(what): cannot read its type")
        defer { H5Tclose(type) }
        switch H5Tget_class(type) {
        case H5T_STRING:
            _ = try HDF5Strings.read(from: a, isAttribute: true, file: path, what: what)
        case H5T_INTEGER, H5T_FLOAT:
            let space = try check(H5Aget_space(a), "\(what): cannot read its extent")
            defer { H5Sclose(space) }
            let points = try check(H5Sget_simple_extent_npoints(space), "\(what): cannot read its extent")
            try HDF5ReadLimit.check(count: Int(points), memorySize: MemoryLayout<Double>.stride, storedSize: max(H5Tget_size(type), 1),
                                    storage: nil, filtered: false, file: path, what: what)
            var values = [Double](repeating: 0, count: Int(points))
            try check(H5Aread(a, chdf5_native_double(), &values), "\(what): cannot read")
        default:
            break
        }
    }

    /// Opens a dataset with its extent (`HDF5Dataset` checks it), type, filters and chunk index.
    private func walkDataset(_ objectPath: String) throws {
        let d = try check(H5Dopen2(id, objectPath, 0), "\(path): cannot open dataset \(objectPath)")
        let dataset = try HDF5Dataset(file: self, id: d, name: objectPath)
        let what = "\(path): \(dataset.name)"
        let type = try check(H5Dget_type(d), "\(what): cannot read its type")
        H5Tclose(type)
        let plist = try check(H5Dget_create_plist(d), "\(what): cannot read its creation properties")
        defer { H5Pclose(plist) }
        let filters = try check(H5Pget_nfilters(plist), "\(what): cannot read its filters")
        for f in 0..<UInt32(filters) {
            var flags: UInt32 = 0, values = 8, config: UInt32 = 0
            var parameters = [UInt32](repeating: 0, count: values), name = [CChar](repeating: 0, count: 64)
            try check(H5Pget_filter2(plist, f, &flags, &values, &parameters, name.count, &name, &config), "\(what): cannot read filter \(f)")
        }
        guard H5Pget_layout(plist) == H5D_CHUNKED else { return }
        let space = try check(H5Dget_space(d), "\(what): cannot read its extent")
        defer { H5Sclose(space) }
        var chunks: hsize_t = 0
        try check(H5Dget_num_chunks(d, space, &chunks), "\(what): cannot read its chunk index")
    }
}
