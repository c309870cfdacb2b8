import Datasets
import FuzzInput

/// NumPy `.npy` bitmaps: any bytes give rows of the declared size or a thrown error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNPY(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(data, size, suffix: ".npy")
    if let file = try? NPYFile(path: path) {
        for i in [0, file.rows - 1] where i >= 0 && i < file.rows {
            FuzzInput.require(file.row(i).count == file.height * file.width, "row \(i) has the wrong size")
        }
    }
    return 0
}
