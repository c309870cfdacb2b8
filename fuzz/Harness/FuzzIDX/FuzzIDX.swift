import Datasets
import FuzzInput

/// IDX images and labels files, plain or gzipped (the reader tells them apart by content):
/// any bytes give data of the declared size or a thrown error.
@_cdecl("FuzzIDX_main")
public func fuzzIDXMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzIDX)
}

public func fuzzIDX(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let path = FuzzInput.file(data, size, suffix: ".idx")
    for dimensions in [1, 3] {
        if let (shape, bytes) = try? IDXFile.read(path, dimensions: dimensions) {
            FuzzInput.require(shape.count == dimensions && shape.reduce(1, *) == bytes.count, "IDX data of \(bytes.count) bytes for shape \(shape)")
        }
    }
    return 0
}
