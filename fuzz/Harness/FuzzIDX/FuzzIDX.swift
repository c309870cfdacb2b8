import Datasets
import FuzzInput

/// IDX images and labels files, plain or gzipped (the reader tells them apart by content):
/// any bytes give data of the declared size or a thrown error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDX(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzInput.file(data, size, suffix: ".idx")
    for dimensions in [1, 3] {
        if let (shape, bytes) = try? IDXFile.read(path, dimensions: dimensions) {
            FuzzInput.require(shape.count == dimensions && shape.reduce(1, *) == bytes.count, "IDX data of \(bytes.count) bytes for shape \(shape)")
        }
    }
    return 0
}
