import Datasets
import FuzzInput

/// NumPy `.npy` bitmaps: any bytes give rows of the declared size or a thrown error.
@_cdecl("FuzzNPY_main")
public func fuzzNPYMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzNPY)
}

public func fuzzNPY(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let path = FuzzInput.file(data, size, suffix: ".npy")
    if let file = try? NPYFile(path: path) {
        for i in [0, file.rows - 1] where i >= 0 && i < file.rows {
            FuzzInput.require(file.row(i).count == file.height * file.width, "row \(i) has the wrong size")
        }
    }
    return 0
}
