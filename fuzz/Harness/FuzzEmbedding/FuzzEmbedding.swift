import Artifacts
import FuzzInput

/// Embedding files (HDF5, mutated from the seeds that `bench/fuzz.sh` writes): opened and
/// every epoch and quality figure read, or a thrown error.
@_cdecl("FuzzEmbedding_main")
public func fuzzEmbeddingMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzEmbedding)
}

public func fuzzEmbedding(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let path = FuzzInput.file(data, size, suffix: ".h5")
    guard let file = try? EmbeddingFile(path: path) else { return 0 }
    for e in 0..<file.snapshotCount {
        if let xy = try? file.coordinates(snapshot: e) {
            FuzzInput.require(xy.count == file.sampleCount * 2, "epoch \(e) has \(xy.count) coordinates for \(file.sampleCount) samples")
        }
    }
    for figure in QualityFigure.allCases { _ = try? file.quality(figure) }
    return 0
}
