import Foundation

/// The fuzzer's bytes as a file, for readers that take a path: one file per process and
/// name suffix in /dev/shm (memory, so a million runs do not wear a disk), rewritten each run.
public enum FuzzInput {
    /// Writes `size` bytes at `data` to this process's file ending in `suffix`; returns its path.
    public static func file(_ data: UnsafePointer<UInt8>, _ size: Int, suffix: String) -> String {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let path = "\(dir)/cnn-timelapse-fuzz-\(getpid())\(suffix)"
        FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
        return path
    }

    /// Stands in for libFuzzer's nil pointer of an empty input.
    public static let empty = UnsafePointer(UnsafeMutablePointer<UInt8>.allocate(capacity: 1))

    /// A fuzz target's bytes, as libFuzzer passes them (nil for an empty input).
    public typealias Target = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    /// Runs libFuzzer on `target` with the command line. SwiftPM links every executable with
    /// `main` renamed to `<Target>_main`, so each target defines that symbol and calls this,
    /// instead of linking libFuzzer's own `main`.
    public static func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ target: Target) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, target)
    }

    /// Stops the run as a crash when a reader broke one of its promises (not for a thrown error).
    public static func require(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { fatalError("fuzz property violated: \(what())") }
    }
}

/// libFuzzer's entry point for programs with their own `main` (compiler-rt, FuzzerDriver.cpp).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ target: FuzzInput.Target) -> CInt
