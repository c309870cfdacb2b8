import CHDF5

/// A Swift type stored as a fixed-size HDF5 native type.
public protocol HDF5Element {
    /// The native HDF5 type id used in memory.
    static var hdf5Type: hid_t { get }
    /// A word for messages ("float32").
    static var hdf5Name: String { get }
    init()
}

extension Float: HDF5Element {
    public static var hdf5Type: hid_t { chdf5_native_float() }
    public static var hdf5Name: String { "float32" }
}
extension Double: HDF5Element {
    public static var hdf5Type: hid_t { chdf5_native_double() }
    public static var hdf5Name: String { "float64" }
}
extension Int32: HDF5Element {
    public static var hdf5Type: hid_t { chdf5_native_int32() }
    public static var hdf5Name: String { "int32" }
}
extension Int64: HDF5Element {
    public static var hdf5Type: hid_t { chdf5_native_int64() }
    public static var hdf5Name: String { "int64" }
}
extension UInt8: HDF5Element {
    public static var hdf5Type: hid_t { chdf5_native_uint8() }
    public static var hdf5Name: String { "uint8" }
}
