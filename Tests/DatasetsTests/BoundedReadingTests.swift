import Foundation
import Support
import XCTest
@testable import Datasets

/// Sizes from a file's header are checked before anything is allocated or inflated: each of
/// these inputs trapped, aborted or allocated gigabytes before.
final class BoundedReadingTests: XCTestCase {
    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return (error as? ToolError)?.message ?? "\(error)" }
    }

    func testIDXSizesWhoseProductOverflowsAreRefused() throws {
        let dir = try temporaryDirectory(self)
        for gzip in [false, true] {
            let file = "\(dir)/huge\(gzip ? ".gz" : "")"
            var header = idxBytes(shape: [1, 1, 1], data: [])
            header.replaceSubrange(4..<16, with: [UInt8](repeating: 0xFF, count: 12))
            try write(header + [1, 2, 3], to: file, gzip: gzip)
            let m = message { try IDXFile.read(file, dimensions: 3) }
            XCTAssertTrue(m.contains(file) && m.contains("4294967295×4294967295×4294967295") && m.contains("more than the 1.1 GB"), m)
        }
    }

    /// A gzip whose IDX header declares 1.5 GB is refused from its header, before inflating:
    /// the body here is tiny, so reaching the data would be a different message.
    func testGzipDeclaringMoreThanTheLimitIsRefusedBeforeInflating() throws {
        let dir = try temporaryDirectory(self)
        let file = "\(dir)/bomb.gz"
        try write(idxBytes(shape: [60000, 160, 160], data: [UInt8](repeating: 0, count: 1000)), to: file, gzip: true)
        let m = message { try IDXFile.read(file, dimensions: 3) }
        XCTAssertTrue(m.contains("60000×160×160 declare more than the 1.1 GB a data file may hold"), m)
    }

    /// The gzip trailer's ISIZE is compared with the header's sizes before the data is read
    /// (the data is incompressible and larger than the 512 kB zlib inflates ahead, so zlib
    /// itself would only reach the trailer at the end).
    func testGzipTrailerDisagreeingWithTheHeaderIsRefused() throws {
        let dir = try temporaryDirectory(self)
        let file = "\(dir)/x.gz"
        var random = SeededRandom(seed: 1)
        let pixels = (0..<500 * 64 * 64).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try write(idxBytes(shape: [500, 64, 64], data: pixels), to: file, gzip: true)
        XCTAssertEqual(try IDXFile.read(file, dimensions: 3).data, pixels)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[bytes.count - 1] = 1   // ISIZE += 2^24
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let m = message { try IDXFile.read(file, dimensions: 3) }
        XCTAssertTrue(m.contains("500×64×64 need 2048000 data bytes but the file holds 18825216 by its gzip trailer"), m)
    }

    func testIDXLongerThanItsHeaderIsRefused() throws {
        let dir = try temporaryDirectory(self)
        let file = "\(dir)/long"
        try write(idxBytes(shape: [2], data: [1, 2, 3]), to: file)
        XCTAssertTrue(message { try IDXFile.read(file, dimensions: 1) }.contains("need 2 data bytes but the file holds 3"))
    }

    func testNPYShapeWhoseProductOverflowsIsRefused() throws {
        let dir = try temporaryDirectory(self)
        let file = "\(dir)/cat.npy"
        try write(npyBytes(rows: [[1, 2, 3, 4]], shape: "(9200000000000000000, 784)"), to: file)
        let m = message { try NPYFile(path: file) }
        XCTAssertTrue(m.contains(file) && m.contains("(9200000000000000000, 784) overflows"), m)
        try write(npyBytes(rows: [[1, 2, 3, 4]], shape: "(1, 3037000500, 3037000500)"), to: file)
        XCTAssertTrue(message { try NPYFile(path: file) }.contains("overflows"))
    }

    func testPNGHeaderDeclaringHugeImageIsRefusedBeforeDecoding() throws {
        let dir = try temporaryDirectory(self)
        let file = "\(dir)/big.png"
        func be(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        let ihdr: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + be(13) + Array("IHDR".utf8)
            + be(100_000) + be(100_000) + [8, 6, 0, 0, 0] + be(0)
        try write(ihdr, to: file)
        let m = message { try PNGImage.grayscale(file, height: 28, width: 28) }
        XCTAssertTrue(m.contains(file) && m.contains("100000×100000 pixels, more than the 64 Mpx"), m)
    }

    func testNDJSONLineLongerThanTheLimitIsRefused() throws {
        let dir = try temporaryDirectory(self)
        let line = Data(#"{"drawing": [[[0, 1], [0, 1]]], "pad": ""#.utf8) + Data(repeating: 0x61, count: QuickDrawSource.maxLineBytes + 10)
        try line.write(to: URL(fileURLWithPath: "\(dir)/cat.ndjson"))
        try line.write(to: URL(fileURLWithPath: "\(dir)/dog.ndjson"))
        let m = message { try QuickDrawSource(format: .ndjson, directory: dir, trainPerClass: 1, testPerClass: 1).load() }
        XCTAssertTrue(m.contains("cat.ndjson:1: a line longer than 16.8 MB"), m)
    }

    func testNDJSONCoordinatesBeyondTheRangeAreRefused() {
        let m = message { try QuickDrawDrawing.parse(#"{"drawing": [[[0, 1e300], [0, 1]]]}"#, source: "cat.ndjson:3") }
        XCTAssertTrue(m.contains("cat.ndjson:3: $.drawing[0]: coordinates must be numbers from -1e6 to 1e6"), m)
    }
}
