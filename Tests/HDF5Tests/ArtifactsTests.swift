import XCTest
import Artifacts
import HDF5
import Support

final class ArtifactsTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    /// 5 samples, 3 classes, 2×2 images, one dense layer of width 4.
    func layout() -> ActivationsLayout {
        ActivationsLayout(classes: ["cat", "dog", "emu"], labels: [0, 1, 2, 1, 0], sourceIndex: [7, 3, 9, 1, 0],
                          images: (0..<20).map { UInt8($0) }, imageShape: [2, 2],
                          layers: [.init(name: "fc1", kind: "dense", shape: [4])],
                          producer: "test 1", config: #"{"a":1}"#, seed: 42)
    }

    func record(_ e: Int32) -> EpochRecord {
        EpochRecord(index: e,
                    metrics: ["train_loss": 1 / Float(e + 1), "train_accuracy": 0.5, "test_loss": 2,
                              "test_accuracy": 0.25 * Float(e), "seconds": 3],
                    probabilities: (0..<15).map { Float($0 + Int(e)) / 100 },
                    activations: ["fc1": (0..<20).map { Float($0) * Float(e + 1) }])
    }

    func testActivationsRoundTripThroughThePartialName() throws {
        let path = dir.file("runs/a/activations.h5")
        let w = try ActivationsWriter(path: path, layout: layout())
        try w.append(record(0))
        try w.append(record(1))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing under the final name before commit")
        XCTAssertTrue(FileManager.default.fileExists(atPath: w.partialPath))
        try w.commit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: w.partialPath))

        let a = try ActivationsFile(path: path)
        XCTAssertEqual(a.classes, ["cat", "dog", "emu"])
        XCTAssertEqual(a.labels, [0, 1, 2, 1, 0])
        XCTAssertEqual(a.sourceIndex, [7, 3, 9, 1, 0])
        XCTAssertEqual(a.epochs, [0, 1])
        XCTAssertEqual(a.imageShape, [2, 2])
        XCTAssertEqual(try a.images(), (0..<20).map { UInt8($0) })
        XCTAssertEqual(a.layerNames, ["fc1"])
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [4]))
        XCTAssertEqual(try a.activations(layer: "fc1", epoch: 1), record(1).activations["fc1"])
        XCTAssertEqual(try a.probabilities(epoch: 0), record(0).probabilities)
        XCTAssertEqual(try a.metric("test_accuracy"), [0, 0.25])
        XCTAssertEqual(a.producer, "test 1")
        XCTAssertThrowsError(try a.layer("fc2")) {
            XCTAssertTrue(($0 as! ToolError).message.contains("no layer 'fc2' (did you mean 'fc1'?)"))
        }
    }

    func testACrashLeavesCompleteEpochsReadableAndResumable() throws {
        let path = dir.file("activations.h5")
        let w = try ActivationsWriter(path: path, layout: layout())
        try w.append(record(0))
        try w.append(record(1))
        // Simulate a crash in the middle of epoch 2: one dataset grew, /epochs/index did not.
        do {
            let f = try HDF5File(path: w.partialPath, mode: .readWrite)
            try f.dataset("/layers/fc1/activation").extend(firstDimension: 3)
        }
        let cut = try ActivationsFile(path: w.partialPath)
        XCTAssertEqual(cut.epochs, [0, 1])
        XCTAssertThrowsError(try cut.activations(layer: "fc1", epoch: 2))

        let resumed = try ActivationsWriter(resuming: path)
        XCTAssertEqual(resumed.epochCount, 2)
        try resumed.append(record(2))
        try resumed.commit()
        let a = try ActivationsFile(path: path)
        XCTAssertEqual(a.epochs, [0, 1, 2])
        XCTAssertEqual(try a.activations(layer: "fc1", epoch: 2), record(2).activations["fc1"])
        XCTAssertEqual(try HDF5File(path: path, mode: .readOnly).dataset("/layers/fc1/activation").shape, [3, 5, 4])
    }

    func testRejectsFilesThatAreNotActivations() throws {
        let path = dir.file("other.h5")
        do {
            let f = try HDF5File(path: path, mode: .create)
            try f.setAttribute("format", "something.else")
        }
        XCTAssertThrowsError(try ActivationsFile(path: path)) {
            XCTAssertEqual(($0 as! ToolError).message,
                           "\(path): not an activations file (root attribute 'format' is \"something.else\", expected \"cnn-timelapse.activations\")")
        }
        let bad = dir.file("labels.h5")
        let w = try ActivationsWriter(path: bad, layout: layout())
        try w.append(record(0))
        try w.commit()
        do {
            let f = try HDF5File(path: bad, mode: .readWrite)
            try f.dataset("/samples/label").write([0, 1, 5, 1, 0] as [Int32])
        }
        XCTAssertThrowsError(try ActivationsFile(path: bad)) {
            XCTAssertTrue(($0 as! ToolError).message.contains("/samples/label[2] = 5 is not a class index in 0..<3"))
        }
    }

    func testEmbeddingRoundTripAndBelongingChecks() throws {
        let aPath = dir.file("activations.h5")
        let w = try ActivationsWriter(path: aPath, layout: layout())
        try w.append(record(0))
        try w.append(record(1))
        try w.commit()
        let digest = try ActivationsFile(path: aPath).layerDigest("fc1")
        XCTAssertEqual(digest.count, 64)
        let epochs: [Int32] = [0, 1]

        let ePath = dir.file("embedding.h5")
        let e = try EmbeddingWriter(path: ePath, epochs: epochs, sampleCount: 5, producer: "t", config: "{}",
                                    layer: "fc1", source: aPath, sourceDigest: digest)
        try e.append(coordinates: (0..<10).map { Float($0) }, quality: ["trustworthiness": 0.9, "movement": 0])
        XCTAssertThrowsError(try e.commit(), "one of two epochs written")
        try e.append(coordinates: (0..<10).map { Float(-$0) }, quality: ["trustworthiness": 0.95, "movement": 0.1])
        try e.commit()

        let r = try EmbeddingFile(path: ePath)
        XCTAssertEqual(r.epochs, [0, 1])
        XCTAssertEqual(r.sampleCount, 5)
        XCTAssertEqual(r.layer, "fc1")
        XCTAssertEqual(try r.coordinates(epoch: 1), (0..<10).map { Float(-$0) })
        XCTAssertEqual(try r.quality("trustworthiness"), [0.9, 0.95])
        XCTAssertTrue(try r.quality("knn_preservation")!.allSatisfy { $0.isNaN })
        XCTAssertNoThrow(try r.checkBelongs(to: ActivationsFile(path: aPath)))

        // Changing one activation makes the embedding stale.
        do {
            let f = try HDF5File(path: aPath, mode: .readWrite)
            var values = try f.dataset("/layers/fc1/activation").readSlab(at: 1, as: Float.self)
            values[3] += 1
            try f.dataset("/layers/fc1/activation").writeSlab(values, at: 1)
        }
        XCTAssertThrowsError(try r.checkBelongs(to: ActivationsFile(path: aPath))) {
            XCTAssertTrue(($0 as! ToolError).message.contains("is stale"))
        }
    }
}
