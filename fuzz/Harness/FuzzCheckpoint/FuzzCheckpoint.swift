import Foundation
import FuzzInput
import Training

/// cnn-train checkpoints: decoded (every value finite, re-encoding gives the same bytes) or a
/// thrown error.
@_cdecl("FuzzCheckpoint_main")
public func fuzzCheckpointMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzInput.main(argc, argv, fuzzCheckpoint)
}

public func fuzzCheckpoint(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes ?? FuzzInput.empty
    let bytes = Data(bytes: data, count: size)
    if let checkpoint = try? Checkpoint(data: bytes, file: "fuzz.ckpt") {
        FuzzInput.require(checkpoint.arrays.allSatisfy { $0.allSatisfy(\.isFinite) }, "a checkpoint with non-finite values was accepted")
        _ = checkpoint.encoded()
    }
    return 0
}
