import XCTest
import HDF5
import Support

final class HDF5RoundTripTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    func testNumericDatasetsRoundTripWithShapesAndConversion() throws {
        let path = dir.file("a.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            try f.write("/x/floats", [1.5, -2, 3.25, 4, 5, 6] as [Float], shape: [2, 3])
            try f.write("/x/ints", [Int32.min, 0, Int32.max], shape: [3], chunk: [2], deflate: 6)
            try f.write("/bytes", [UInt8](0...255), shape: [16, 16])
            try f.write("/wide", [Int64.max, -1], shape: [2])
        }
        let f = try HDF5File(path: path, mode: .readOnly)
        XCTAssertEqual(try f.dataset("/x/floats").shape, [2, 3])
        XCTAssertEqual(try f.dataset("/x/floats").read(as: Float.self), [1.5, -2, 3.25, 4, 5, 6])
        XCTAssertEqual(try f.dataset("/x/floats").read(as: Double.self), [1.5, -2, 3.25, 4, 5, 6])
        XCTAssertEqual(try f.dataset("/x/ints").read(as: Int32.self), [Int32.min, 0, Int32.max])
        XCTAssertEqual(try f.dataset("/bytes").read(as: UInt8.self), [UInt8](0...255))
        XCTAssertEqual(try f.dataset("/wide").read(as: Int64.self), [Int64.max, -1])
        XCTAssertEqual(try f.members(of: "/x"), ["floats", "ints"])
        XCTAssertTrue(f.exists("/x/ints"))
        XCTAssertFalse(f.exists("/x/nope"))
        XCTAssertFalse(f.exists("/y/nope"))
    }

    func testExtendableSlabsAppendAndReadBack() throws {
        let path = dir.file("slabs.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            let d = try f.createDataset("/e", of: Float.self, shape: [0, 2, 3], maxShape: [nil, 2, 3], chunk: [1, 2, 3])
            for e in 0..<4 {
                try d.extend(firstDimension: e + 1)
                try d.writeSlab((0..<6).map { Float(e * 10 + $0) }, at: e)
            }
            try f.flush()
        }
        let d = try HDF5File(path: path, mode: .readWrite).dataset("/e")
        XCTAssertEqual(d.shape, [4, 2, 3])
        XCTAssertEqual(try d.readSlab(at: 2, as: Float.self), [20, 21, 22, 23, 24, 25])
        XCTAssertEqual(try d.readSlab(at: 1, count: 2, as: Float.self).count, 12)
        XCTAssertThrowsError(try d.readSlab(at: 4, as: Float.self))
        try d.extend(firstDimension: 2)
        XCTAssertEqual(d.shape, [2, 2, 3])
    }

    func testStringsAndAttributesRoundTrip() throws {
        let path = dir.file("s.h5")
        let names = ["T-shirt/top", "Ankle boot", "Üñíçødé ✓", ""]
        do {
            let f = try HDF5File(path: path, mode: .create)
            try f.writeStrings("/classes", names)
            try f.setAttribute("format", "cnn-timelapse.test")
            try f.setAttribute("format_version", [Int64(3)])
            try f.write("/d", [Float](repeating: 0, count: 4), shape: [4])
            try f.setAttribute("shape", [Int64(2), 2], on: "/d", asArray: true)
            try f.setAttribute("format", "replaced")
        }
        let f = try HDF5File(path: path, mode: .readOnly)
        XCTAssertEqual(try f.readStrings("/classes"), names)
        XCTAssertEqual(try f.stringAttribute("format"), "replaced")
        XCTAssertEqual(try f.numericAttribute("format_version", as: Int64.self), [3])
        XCTAssertEqual(try f.numericAttribute("shape", on: "/d", as: Int64.self), [2, 2])
        XCTAssertNil(try f.stringAttribute("absent"))
        XCTAssertThrowsError(try f.numericAttribute("format", as: Int64.self))
    }

    func testErrorsAreFoldedIntoToolErrorsNamingTheFile() throws {
        let notHDF5 = dir.file("plain.h5")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notHDF5))
        XCTAssertThrowsError(try HDF5File(path: notHDF5, mode: .readOnly)) {
            XCTAssertEqual(($0 as? ToolError)?.message, "\(notHDF5): not an HDF5 file")
        }
        XCTAssertThrowsError(try HDF5File(path: dir.file("missing.h5"), mode: .readOnly)) {
            XCTAssertEqual(($0 as? ToolError)?.message, "\(dir.file("missing.h5")): no such file")
        }
        let path = dir.file("t.h5")
        let f = try HDF5File(path: path, mode: .create)
        try f.writeStrings("/names", ["a"])
        XCTAssertThrowsError(try f.dataset("/names").read(as: Float.self)) {
            XCTAssertTrue(($0 as! ToolError).message.contains("/names: expected numbers"))
        }
        XCTAssertThrowsError(try f.dataset("/absent")) {
            XCTAssertEqual(($0 as! ToolError).message, "\(path): missing dataset /absent")
        }
        XCTAssertThrowsError(try f.write("/names", [Float(1)], shape: [1])) {
            XCTAssertTrue(($0 as! ToolError).message.contains("cannot create dataset /names (HDF5:"), ($0 as! ToolError).message)
        }
    }
}
