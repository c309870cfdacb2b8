import Artifacts
import FuzzInput

/// Activations files (HDF5, mutated from the seeds that `bench/fuzz.sh` writes): opened and
/// every part read, or a thrown error.
@_cdecl("FuzzActivations_main")
public func fuzzActivationsMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzActivations)
}

public func fuzzActivations(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let path = FuzzInput.file(data, size, suffix: ".h5")
    guard let file = try? ActivationsFile(path: path) else { return 0 }
    _ = try? file.images()
    for name in file.layerNames {
        _ = try? file.layerDigest(name)
        for e in 0..<file.snapshotCount { _ = try? file.activations(layer: name, snapshot: e) }
    }
    for e in 0..<file.snapshotCount { _ = try? file.probabilities(snapshot: e) }
    for metric in Metric.allCases { _ = try? file.metric(metric) }
    return 0
}
