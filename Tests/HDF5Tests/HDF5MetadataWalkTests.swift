import XCTest
import HDF5
import Support

/// The metadata walk (what the child process of `IsolatedVerification` runs on a user's file)
/// goes through every kind of object the contract's files hold without refusing any.
final class HDF5MetadataWalkTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    func testWalksEveryObjectOfAnIntactFile() throws {
        let path = dir.file("w.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            try f.setAttribute("format", "cnn-timelapse.activations")
            try f.setAttribute("format_version", [2] as [Int64])
            try f.writeStrings("/classes", ["circle", "square"])
            let d = try f.createDataset("/layers/fc1/activation", of: Float.self, shape: [0, 3, 4], maxShape: [nil, 3, 4],
                                        chunk: [1, 3, 4], deflate: 4, checksum: true)
            for s in 0..<3 {
                try d.extend(firstDimension: s + 1)
                try d.writeSlab((0..<12).map { Float(s * 12 + $0) }, at: s)
            }
            try f.setAttribute("kind", "dense", on: "/layers/fc1/activation")
            try f.setAttribute("shape", [4] as [Int64], on: "/layers/fc1/activation", asArray: true)
            try f.write("/samples/label", [0, 1, 1] as [Int32], shape: [3])
        }
        XCTAssertNoThrow(try HDF5File(path: path, mode: .readOnly).walkMetadata())
    }

    func testWalksFilesWrittenByH5py() throws {
        for name in ["foreign-activations", "recorder-activations"] {
            let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "h5"))
            XCTAssertNoThrow(try HDF5File(path: url.path, mode: .readOnly).walkMetadata(), name)
        }
    }
}
