import Support
import XCTest
@testable import Datasets

final class IDXFileTests: XCTestCase {
    /// Writes a 5-image 3×4 set with labels 0…4 % 3 as plain or gzipped IDX files.
    func writeSet(_ dir: String, gzip: Bool) throws -> (pixels: [UInt8], labels: [UInt8]) {
        let pixels = (0..<60).map { UInt8($0 * 4 % 256) }, labels: [UInt8] = [0, 1, 2, 0, 1]
        let ext = gzip ? ".gz" : ""
        for split in ["train", "t10k"] {
            try write(idxBytes(shape: [5, 3, 4], data: pixels), to: "\(dir)/\(split)-images-idx3-ubyte\(ext)", gzip: gzip)
            try write(idxBytes(shape: [5], data: labels), to: "\(dir)/\(split)-labels-idx1-ubyte\(ext)", gzip: gzip)
        }
        return (pixels, labels)
    }

    func testPlainAndGzippedRoundTrip() throws {
        for gzip in [false, true] {
            let dir = try temporaryDirectory(self)
            let (pixels, labels) = try writeSet(dir, gzip: gzip)
            let data = try IDXSource(directory: dir, classNames: ["a", "b", "c"]).load()
            XCTAssertEqual(data.train.count, 5)
            XCTAssertEqual([data.train.height, data.train.width, data.train.channels], [3, 4, 1])
            XCTAssertEqual(data.train.pixels, pixels)
            XCTAssertEqual(data.test.labels, labels.map(Int32.init))
            XCTAssertEqual(data.classNames, ["a", "b", "c"])
            XCTAssertEqual(Array(data.train.image(1)), Array(pixels[12..<24]))
        }
    }

    func testWrongMagicNamesFileAndExpectedMagic() throws {
        let dir = try temporaryDirectory(self)
        try write(idxBytes(shape: [2, 2, 2], data: [UInt8](repeating: 1, count: 8), magic: 0x0000_0903), to: "\(dir)/x")
        XCTAssertThrowsError(try IDXFile.read("\(dir)/x", dimensions: 3)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("\(dir)/x") && m.contains("0x00000903") && m.contains("0x00000803"), m)
        }
    }

    func testSizeMismatchIsRejected() throws {
        let dir = try temporaryDirectory(self)
        try write(idxBytes(shape: [3, 2, 2], data: [UInt8](repeating: 1, count: 11)), to: "\(dir)/x.gz", gzip: true)
        XCTAssertThrowsError(try IDXFile.read("\(dir)/x.gz", dimensions: 3)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("3×2×2 need 12 data bytes but the file holds 11"), m)
        }
    }

    func testLabelCountMismatchAndMissingFile() throws {
        let dir = try temporaryDirectory(self)
        try write(idxBytes(shape: [2, 2, 2], data: [UInt8](repeating: 1, count: 8)), to: "\(dir)/i")
        try write(idxBytes(shape: [3], data: [0, 1, 0]), to: "\(dir)/l")
        XCTAssertThrowsError(try IDXFile.readPair(images: "\(dir)/i", labels: "\(dir)/l", classNames: ["a", "b"])) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("holds 3 labels but \(dir)/i holds 2 images"))
        }
        XCTAssertThrowsError(try IDXSource(directory: dir).load()) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("train-images-idx3-ubyte.gz: no such file"))
        }
        XCTAssertThrowsError(try IDXSource(directory: dir + "/nowhere").load()) { e in
            XCTAssertFalse(((e as? ToolError)?.message ?? "").contains("apt-get"))
        }
    }

    func testDefaultSpecIsFashionMNISTAndSuggestsPackage() throws {
        let spec = try DatasetSpec(config: nil)
        guard case .idx(let s) = spec.source else { return XCTFail("expected idx") }
        XCTAssertEqual(s.directory, "/usr/share/datasets/fashion-mnist")
        XCTAssertEqual(s.classNames.count, 10)
        XCTAssertEqual(s.classNames[9], "Ankle boot")
        if !FileManager.default.fileExists(atPath: s.directory) {
            XCTAssertThrowsError(try spec.load()) { e in
                XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("apt-get install dataset-fashion-mnist"))
            }
        }
    }
}

final class InstalledFashionMNISTTests: XCTestCase {
    func testInstalledFashionMNISTLoadsWithItsShape() throws {
        try XCTSkipUnless(FileManager.default.fileExists(atPath: IDXSource.defaultDirectory), "dataset-fashion-mnist not installed")
        let data = try DatasetSpec(config: nil).load()
        XCTAssertEqual([data.train.count, data.test.count, data.train.height, data.train.width], [60000, 10000, 28, 28])
        XCTAssertEqual(data.test.classCounts, [Int](repeating: 1000, count: 10))
    }
}
