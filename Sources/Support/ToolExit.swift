import Foundation

/// Runs a tool's body, printing a `ToolError` as one line "PROGRAM: error: message" on
/// stderr and exiting with its code; any other error exits 1 with its description.
public func runReportingErrors(program: String, _ body: () throws -> Void) -> Never {
    do {
        try body()
        exit(0)
    } catch let e as ToolError {
        FileHandle.standardError.write(Data("\(program): error: \(e.message)\n".utf8))
        exit(e.exitCode)
    } catch {
        FileHandle.standardError.write(Data("\(program): error: \(error)\n".utf8))
        exit(1)
    }
}
