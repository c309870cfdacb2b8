import Datasets
import FuzzInput

/// Quick, Draw! `.ndjson` lines: parsed and drawn, or a thrown error.
@_cdecl("FuzzNDJSON_main")
public func fuzzNDJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzNDJSON)
}

public func fuzzNDJSON(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let rasterizer = StrokeRasterizer(size: 28)
    for line in text.split(separator: "\n").prefix(8) {
        if let strokes = try? QuickDrawDrawing.parse(String(line), source: "fuzz.ndjson:1"),
           let image = try? rasterizer.render(strokes) {
            FuzzInput.require(image.count == 28 * 28, "a drawing rendered to \(image.count) bytes")
        }
    }
    return 0
}
