import CHDF5
import Support

/// HDF5's C API reports failure with negative return values and an error stack it would
/// print to stderr. `HDF5Library.prepare()` silences the printing; `check` turns a failure
/// into a `ToolError` that names the file and object and carries HDF5's own description.
enum HDF5Library {
    /// Initializes the library once and silences its automatic error printing. HDF5's exit
    /// handler is turned off (H5dont_atexit): every file is closed explicitly, and a file
    /// whose close failed on a full disk made the handler crash (SIGSEGV) at exit.
    static let prepared: Bool = {
        H5dont_atexit()
        H5open()
        chdf5_silence_errors()
        return true
    }()

    static func prepare() { _ = prepared }

    /// The descriptions on HDF5's error stack, cleared afterwards.
    static func takeError() -> String {
        var buffer = [CChar](repeating: 0, count: 1024)
        chdf5_take_error(&buffer)
        return String(cString: buffer)
    }
}

/// Throws a `ToolError` mentioning `what` (e.g. "a.h5: /layers/fc1/activation") when an HDF5
/// id or status is negative.
@discardableResult
func check<T: BinaryInteger>(_ value: T, _ what: @autoclosure () -> String,
                             kind: ToolError.Kind = .badInput) throws -> T {
    if value < 0 {
        let detail = HDF5Library.takeError()
        throw ToolError(kind, "\(what())\(detail.isEmpty ? "" : " (HDF5: \(detail))")")
    }
    return value
}
