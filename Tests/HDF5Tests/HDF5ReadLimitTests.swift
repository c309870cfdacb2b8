import XCTest
import HDF5
import Support

/// Extents come from the file; a read the file cannot back is refused before allocating.
final class HDF5ReadLimitTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return (error as? ToolError)?.message ?? "\(error)" }
    }

    /// `[400, 1e5, 1e5]` images, declared but never written: 4 TB to allocate before.
    func testHugeDeclaredImagesAreRefusedBeforeAllocating() throws {
        let path = dir.file("a.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            _ = try f.createDataset("/samples/image", of: UInt8.self, shape: [400, 100_000, 100_000], chunk: [1, 1000, 1000])
            _ = try f.createDataset("/small", of: UInt8.self, shape: [400, 1000, 1000], chunk: [1, 1000, 1000])
        }
        let d = try HDF5File(path: path, mode: .readOnly).dataset("/samples/image")
        let m = message { try d.read(as: UInt8.self) }
        XCTAssertTrue(m.contains("\(path): /samples/image: 4000000000000 elements of 1 bytes is more than the 4.3 GB a single read may take"), m)
        XCTAssertTrue(message { try d.readSlab(at: 3, as: UInt8.self) }.contains("10000000000 elements of 1 bytes is more than"))
        let small = try HDF5File(path: path, mode: .readOnly).dataset("/small")
        let slab = message { try small.readSlab(at: 3, as: UInt8.self) }
        XCTAssertTrue(slab.contains("\(path): /small: declares 1000000 elements (1.0 MB) but 0 bytes stored cannot hold them"), slab)
    }

    /// Data that was declared (extended) but never written reads as HDF5's fill value, zeros:
    /// refused instead, naming the dataset.
    func testDeclaredButUnwrittenDataIsRefusedNotReadAsZeros() throws {
        let path = dir.file("b.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            let d = try f.createDataset("/x", of: Float.self, shape: [1, 4], maxShape: [nil, 4], chunk: [1, 4])
            try d.writeSlab([1, 2, 3, 4] as [Float], at: 0)
            try d.extend(firstDimension: 3)
        }
        let d = try HDF5File(path: path, mode: .readOnly).dataset("/x")
        XCTAssertEqual(try d.readSlab(at: 0, as: Float.self), [1, 2, 3, 4])
        let m = message { try d.read(as: Float.self) }
        XCTAssertTrue(m.contains("\(path): /x: declares 12 elements (48 bytes) but 16 bytes stored cannot hold them"), m)
    }

    /// Compressed data may be far smaller than its extent, up to deflate's 1032:1.
    func testCompressedDataWithinDeflatesRatioIsRead() throws {
        let path = dir.file("c.h5")
        let zeros = [Float](repeating: 0, count: 100_000)
        do { try HDF5File(path: path, mode: .create).write("/z", zeros, shape: [100_000], chunk: [100_000], deflate: 9) }
        XCTAssertEqual(try HDF5File(path: path, mode: .readOnly).dataset("/z").read(as: Float.self), zeros)
    }

    func testStringsAndAttributesAreBoundedToo() throws {
        let path = dir.file("d.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            try f.writeStrings("/names", ["a", "bb"])
            try f.setAttribute("shape", [1, 2, 3] as [Int64], on: "/names", asArray: true)
        }
        let f = try HDF5File(path: path, mode: .readOnly)
        XCTAssertEqual(try f.readStrings("/names"), ["a", "bb"])
        XCTAssertEqual(try f.numericAttribute("shape", on: "/names", as: Int64.self), [1, 2, 3])
    }
}
