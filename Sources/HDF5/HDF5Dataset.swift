import CHDF5
import Support

/// An open dataset: its shape, whole reads and writes, and slabs along the first dimension
/// (one epoch of `[E, N, D]` is one slab). HDF5 converts between numeric types on read, so a
/// float64 file reads as `[Float]`; reading numbers from strings fails with a clear error.
public final class HDF5Dataset {
    let file: HDF5File
    let id: hid_t
    /// The dataset's absolute path in the file.
    public let name: String
    /// The current extent, outermost first.
    public private(set) var shape: [Int]

    init(file: HDF5File, id: hid_t, name: String) throws {
        self.file = file
        self.id = id
        self.name = name
        self.shape = []
        self.shape = try currentShape()
    }

    deinit { H5Dclose(id) }

    private var what: String { "\(file.path): \(name)" }

    private func currentShape() throws -> [Int] {
        let space = try check(H5Dget_space(id), "\(what): cannot read its shape")
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        H5Sget_simple_extent_dims(space, &dims, nil)
        guard rank >= 0, dims.allSatisfy({ $0 <= hsize_t(Int.max) }) else {
            throw ToolError.badInput("\(what): its shape \(dims) is beyond any real size; the file is damaged")
        }
        return rank == 0 ? [] : dims.map { Int($0) }
    }

    /// The number of elements; `Int.max` when the shape's product overflows (reads refuse it).
    public var count: Int { CheckedSize.product(shape) ?? Int.max }

    /// Whether the stored elements are numbers (integer or float).
    public var isNumeric: Bool {
        let type = H5Dget_type(id)
        defer { H5Tclose(type) }
        let c = H5Tget_class(type)
        return c == H5T_INTEGER || c == H5T_FLOAT
    }

    /// Reads every element, row-major.
    public func read<T: HDF5Element>(as: T.Type = T.self) throws -> [T] {
        guard isNumeric else { throw ToolError.badInput("\(what): expected numbers (\(T.hdf5Name)), found another type") }
        try checkReadable(elements: count, memorySize: MemoryLayout<T>.stride)
        // Not filled first, as in `readSlab`: a generic fill copies element by element (a third
        // of viz-render's time for 5,000 colour pictures of 224 × 224).
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try check(H5Dread(id, T.hdf5Type, 0, 0, 0, buffer.baseAddress), "\(what): cannot read")
            initialized = count
        }
    }

    /// Writes every element, row-major; `values.count` must equal the dataset's size.
    public func write<T: HDF5Element>(_ values: [T]) throws {
        guard values.count == count else {
            throw ToolError.failed("\(what): writing \(values.count) values into shape \(shape)")
        }
        _ = try values.withUnsafeBytes { buffer in
            try check(H5Dwrite(id, T.hdf5Type, 0, 0, 0, buffer.baseAddress), "\(what): cannot write", kind: .failed)
        }
    }

    /// Reads `count` consecutive slabs along the first dimension starting at `index`.
    public func readSlab<T: HDF5Element>(at index: Int, count n: Int = 1, as: T.Type = T.self) throws -> [T] {
        guard isNumeric else { throw ToolError.badInput("\(what): expected numbers (\(T.hdf5Name)), found another type") }
        guard !shape.isEmpty, index >= 0, n >= 0, index <= shape[0], n <= shape[0] - index else {
            throw ToolError.badInput("\(what): slab \(index)..<\(index &+ n) is outside shape \(shape)")
        }
        let inner = try HDF5ReadLimit.count(Array(shape.dropFirst()), what: what)
        try checkReadable(elements: try HDF5ReadLimit.count([n, inner], what: what), memorySize: MemoryLayout<T>.stride)
        // HDF5 writes every element, so the array is not filled first (a generic fill costs as
        // much as the read for a wide layer).
        return try [T](unsafeUninitializedCapacity: n * inner) { buffer, initialized in
            try withSelection(index: index, count: n) { memory, fileSpace in
                try check(H5Dread(id, T.hdf5Type, memory, fileSpace, 0, buffer.baseAddress), "\(what): cannot read slab \(index)")
            }
            initialized = n * inner
        }
    }

    /// Grows the first dimension to `size` (the dataset must be chunked and extendable).
    public func extend(firstDimension size: Int) throws {
        var dims = shape.map { hsize_t($0) }
        dims[0] = hsize_t(size)
        try check(H5Dset_extent(id, dims), "\(what): cannot extend to \(size)", kind: .failed)
        shape = try currentShape()
    }

    /// Writes slabs along the first dimension at `index`; `values.count` must be a whole
    /// number of slabs and fit the current extent.
    public func writeSlab<T: HDF5Element>(_ values: [T], at index: Int) throws {
        let inner = shape.dropFirst().reduce(1, *)
        guard inner > 0, values.count % inner == 0, index + values.count / inner <= shape[0] else {
            throw ToolError.failed("\(what): slab of \(values.count) values at \(index) does not fit shape \(shape)")
        }
        try withSelection(index: index, count: values.count / inner) { memory, fileSpace in
            try values.withUnsafeBytes { buffer in
                try check(H5Dwrite(id, T.hdf5Type, memory, fileSpace, 0, buffer.baseAddress), "\(what): cannot write slab \(index)", kind: .failed)
            }
        }
    }

    private func withSelection(index: Int, count n: Int, _ body: (hid_t, hid_t) throws -> Void) throws {
        let fileSpace = H5Dget_space(id)
        defer { H5Sclose(fileSpace) }
        var start = [hsize_t](repeating: 0, count: shape.count)
        start[0] = hsize_t(index)
        var extent = shape.map { hsize_t($0) }
        extent[0] = hsize_t(n)
        try check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, extent, nil), "\(what): bad selection")
        let memory = H5Screate_simple(Int32(extent.count), extent, nil)
        defer { H5Sclose(memory) }
        try body(memory, fileSpace)
    }
}
