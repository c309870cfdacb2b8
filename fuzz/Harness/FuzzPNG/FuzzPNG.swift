import Datasets
import FuzzInput

/// PNG pictures of a `png-folders` data set: a 28×28 grayscale image or a thrown error.
@_cdecl("FuzzPNG_main")
public func fuzzPNGMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzPNG)
}

public func fuzzPNG(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let path = FuzzInput.file(data, size, suffix: ".png")
    if let image = try? PNGImage.grayscale(path, height: 28, width: 28) {
        FuzzInput.require(image.count == 28 * 28, "a PNG read as \(image.count) bytes")
    }
    return 0
}
