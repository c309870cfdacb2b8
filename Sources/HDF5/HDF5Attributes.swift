import CHDF5
import Support

/// Attributes on the root group ("/") or on any dataset or group, by path.
extension HDF5File {
    private func withObject<R>(_ objectPath: String, _ body: (hid_t) throws -> R) throws -> R {
        let object = try check(H5Oopen(id, objectPath, 0), "\(path): no object \(objectPath)")
        defer { H5Oclose(object) }
        return try body(object)
    }

    private func replacing(_ name: String, on object: hid_t) {
        if H5Aexists(object, name) > 0 { H5Adelete(object, name) }
        _ = HDF5Library.takeError()
    }

    /// Sets a variable-length UTF-8 string attribute (h5py reads it as `str`).
    public func setAttribute(_ name: String, _ value: String, on objectPath: String = "/") throws {
        try withObject(objectPath) { object in
            replacing(name, on: object)
            let type = HDF5Strings.variableUTF8()
            defer { H5Tclose(type) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let a = try check(H5Acreate2(object, name, type, space, 0, 0), "\(path): cannot create attribute \(name)", kind: .failed)
            defer { H5Aclose(a) }
            _ = try HDF5Strings.withCStrings([value]) { pointers in
                try check(H5Awrite(a, type, pointers), "\(path): cannot write attribute \(name)", kind: .failed)
            }
        }
    }

    /// Sets a numeric attribute: a scalar when `values` has one element and `asArray` is
    /// false, else a 1-D array.
    public func setAttribute<T: HDF5Element>(_ name: String, _ values: [T], on objectPath: String = "/", asArray: Bool = false) throws {
        try withObject(objectPath) { object in
            replacing(name, on: object)
            let space = (values.count == 1 && !asArray) ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, [hsize_t(values.count)], nil)
            defer { H5Sclose(space) }
            let a = try check(H5Acreate2(object, name, T.hdf5Type, space, 0, 0), "\(path): cannot create attribute \(name)", kind: .failed)
            defer { H5Aclose(a) }
            _ = try values.withUnsafeBytes { buffer in
                try check(H5Awrite(a, T.hdf5Type, buffer.baseAddress), "\(path): cannot write attribute \(name)", kind: .failed)
            }
        }
    }

    /// Whether `objectPath` carries attribute `name`.
    public func hasAttribute(_ name: String, on objectPath: String = "/") -> Bool {
        (try? withObject(objectPath) { H5Aexists($0, name) > 0 }) ?? false
    }

    /// A string attribute, or nil when absent; an attribute of another type is an error.
    public func stringAttribute(_ name: String, on objectPath: String = "/") throws -> String? {
        guard hasAttribute(name, on: objectPath) else { return nil }
        return try withObject(objectPath) { object in
            let a = try check(H5Aopen(object, name, 0), "\(path): cannot open attribute \(name)")
            defer { H5Aclose(a) }
            return try HDF5Strings.read(from: a, isAttribute: true, file: path, what: "\(path): attribute \(name)").first
        }
    }

    /// A numeric attribute's values (a scalar gives one), or nil when absent.
    public func numericAttribute<T: HDF5Element>(_ name: String, on objectPath: String = "/", as: T.Type = T.self) throws -> [T]? {
        guard hasAttribute(name, on: objectPath) else { return nil }
        return try withObject(objectPath) { object in
            let a = try check(H5Aopen(object, name, 0), "\(path): cannot open attribute \(name)")
            defer { H5Aclose(a) }
            let type = H5Aget_type(a)
            defer { H5Tclose(type) }
            let c = H5Tget_class(type)
            guard c == H5T_INTEGER || c == H5T_FLOAT else {
                throw ToolError.badInput("\(path): attribute \(name) on \(objectPath): expected a number")
            }
            let space = H5Aget_space(a)
            defer { H5Sclose(space) }
            let points = H5Sget_simple_extent_npoints(space)
            guard points >= 0 else { throw ToolError.badInput("\(path): attribute \(name) on \(objectPath): cannot read its extent") }
            try HDF5ReadLimit.check(count: Int(points), memorySize: MemoryLayout<T>.stride, storedSize: max(H5Tget_size(type), 1),
                                    storage: nil, filtered: false, file: path, what: "\(path): attribute \(name) on \(objectPath)")
            var values = [T](repeating: T(), count: Int(points))
            _ = try values.withUnsafeMutableBytes { buffer in
                try check(H5Aread(a, T.hdf5Type, buffer.baseAddress), "\(path): cannot read attribute \(name)")
            }
            return values
        }
    }
}
