import XCTest
import Artifacts
import HDF5
import Support

final class ArtifactsTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    /// 5 samples, 3 classes ("kind of animal"), 2×2 images, one dense layer of width 4, 100 training images.
    func layout(subject: String? = "kind of animal") -> ActivationsLayout {
        ActivationsLayout(classes: ["cat", "dog", "emu"], labels: [0, 1, 2, 1, 0], sourceIndex: [7, 3, 9, 1, 0],
                          images: (0..<20).map { UInt8($0) }, imageShape: [2, 2],
                          layers: [.init(name: "fc1", kind: "dense", shape: [4])],
                          producer: "test 1", config: #"{"a":1}"#, seed: 42, defaultLayer: "fc1", trainSize: 100,
                          subject: subject)
    }

    /// Snapshot k sits at step 2^k − 1 (0, 1, 3, 7, …) with 10 images a step; rows of its
    /// probabilities sum to 1; activations are distinct per snapshot.
    func record(_ k: Int) -> SnapshotRecord {
        let step = (1 << k) - 1
        let probabilities = (0..<5).flatMap { i -> [Float] in
            let a = Float((i + k) % 3 + 1)
            return [a, 2, 3].map { $0 / (a + 5) }
        }
        return SnapshotRecord(step: Int64(step), imagesSeen: Int64(step * 10), epoch: Double(step * 10) / 100,
                              epochEnd: step * 10 % 100 == 0,
                              metrics: [.trainLoss: 1 / Float(k + 1), .trackedAccuracy: 0.2 * Float(k), .testAccuracy: 0.25 * Float(k)],
                              probabilities: probabilities,
                              activations: ["fc1": (0..<20).map { Float($0) * Float(k + 1) + 0.125 }])
    }

    func write(_ path: String, snapshots: Int) throws -> ActivationsWriter {
        let w = try ActivationsWriter(path: path, layout: layout())
        for k in 0..<snapshots { try w.append(record(k)) }
        return w
    }

    func testActivationsRoundTripThroughThePartialName() throws {
        let path = dir.file("runs/a/activations.h5")
        let w = try write(path, snapshots: 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "nothing under the final name before commit")
        XCTAssertTrue(FileManager.default.fileExists(atPath: w.partialPath))
        try w.commit()
        XCTAssertFalse(FileManager.default.fileExists(atPath: w.partialPath))

        let a = try ActivationsFile(path: path)
        XCTAssertEqual(a.formatVersion, 3)
        XCTAssertEqual(a.subject, "kind of animal")
        XCTAssertEqual(a.classes, ["cat", "dog", "emu"])
        XCTAssertEqual(a.labels, [0, 1, 2, 1, 0])
        XCTAssertEqual(a.sourceIndex, [7, 3, 9, 1, 0])
        XCTAssertEqual(a.snapshots, [Snapshot(step: 0, imagesSeen: 0, epoch: 0, epochEnd: true),
                                     Snapshot(step: 1, imagesSeen: 10, epoch: 0.1, epochEnd: false),
                                     Snapshot(step: 3, imagesSeen: 30, epoch: 0.3, epochEnd: false)])
        XCTAssertEqual(a.steps, [0, 1, 3])
        XCTAssertEqual(a.trainSize, 100)
        XCTAssertEqual(a.defaultLayer, "fc1")
        XCTAssertEqual(a.imageShape, [2, 2])
        XCTAssertEqual(try a.images(), (0..<20).map { UInt8($0) })
        XCTAssertEqual(a.layerNames, ["fc1"])
        XCTAssertEqual(try a.layer("fc1"), .init(name: "fc1", kind: "dense", shape: [4]))
        XCTAssertEqual(try a.activations(layer: "fc1", snapshot: 1), record(1).activations["fc1"])
        XCTAssertEqual(try a.probabilities(snapshot: 2), record(2).probabilities)
        XCTAssertEqual(try a.metric(.testAccuracy), [0, 0.25, 0.5])
        XCTAssertTrue(try a.metric(.seconds).allSatisfy(\.isNaN), "a metric not given is NaN")
        XCTAssertEqual(a.producer, "test 1")
        XCTAssertEqual(a.describe(2), "snapshot 2 (step 3)")
        XCTAssertThrowsError(try a.layer("fc2")) {
            XCTAssertTrue(($0 as! ToolError).message.contains("no layer 'fc2' (did you mean 'fc1'?)"))
        }
    }

    func testEveryPerSnapshotDatasetCarriesAChecksum() throws {
        let path = dir.file("activations.h5")
        try write(path, snapshots: 1).commit()
        let dump = try shell("h5dump -p -H \(path)")
        let datasets = dump.components(separatedBy: "DATASET \"").dropFirst()
        let perSnapshot = datasets.filter { !["label", "source_index", "classes"].contains(String($0.prefix { $0 != "\"" })) }
        XCTAssertEqual(perSnapshot.count, 4 + 7 + 2 + 1, "snapshot columns, metrics, probabilities, activations and images")
        for d in perSnapshot {
            XCTAssertTrue(d.contains("CHECKSUM FLETCHER32"), "no checksum on \(d.prefix(while: { $0 != "\"" }))")
        }
    }

    func testDataWrittenWithoutItsCommitMarkerIsInvisibleAndResumeCutsBackToTheCheckpoint() throws {
        let path = dir.file("activations.h5")
        let w = try write(path, snapshots: 3)
        // A crash (or a full disk) in the middle of snapshot 3: its data grew, the marker did not.
        do {
            let f = try HDF5File(path: w.partialPath, mode: .readWrite)
            try f.dataset("/layers/fc1/activation").extend(firstDimension: 4)
            try f.dataset("/predictions/probability").extend(firstDimension: 4)
        }
        let cut = try ActivationsFile(path: w.partialPath)
        XCTAssertEqual(cut.steps, [0, 1, 3])
        XCTAssertThrowsError(try cut.activations(layer: "fc1", snapshot: 3))

        // The checkpoint is at snapshot 1: snapshot 2 is cut too, and recorded again.
        let resumed = try ActivationsWriter(resuming: path, keeping: 2)
        XCTAssertEqual(resumed.snapshotCount, 2)
        try resumed.append(record(2))
        try resumed.append(record(3))
        try resumed.commit()
        let a = try ActivationsFile(path: path)
        XCTAssertEqual(a.steps, [0, 1, 3, 7])
        XCTAssertEqual(try a.activations(layer: "fc1", snapshot: 3), record(3).activations["fc1"])
        XCTAssertEqual(try HDF5File(path: path, mode: .readOnly).dataset("/layers/fc1/activation").shape, [4, 5, 4])

        // The same file, written without interruption, holds the same values.
        let clean = dir.file("clean.h5")
        try write(clean, snapshots: 4).commit()
        let b = try ActivationsFile(path: clean)
        for s in 0..<4 {
            XCTAssertEqual(try a.activations(layer: "fc1", snapshot: s), try b.activations(layer: "fc1", snapshot: s))
            XCTAssertEqual(try a.probabilities(snapshot: s), try b.probabilities(snapshot: s))
        }
        for m in Metric.allCases { XCTAssertEqual(try a.metric(m).map(\.bitPattern), try b.metric(m).map(\.bitPattern)) }
    }

    func testAZeroedChunkIsRefusedNamingTheDatasetAndSnapshot() throws {
        let path = dir.file("activations.h5")
        try write(path, snapshots: 3).commit()
        // Snapshot 1's activations are stored raw (no compression): find them and zero them.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let pattern = record(1).activations["fc1"]!.withUnsafeBytes { [UInt8]($0) }
        let at = try XCTUnwrap(find(pattern, in: bytes))
        for i in at..<(at + pattern.count) { bytes[i] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let a = try ActivationsFile(path: path)
        XCTAssertEqual(try a.activations(layer: "fc1", snapshot: 0), record(0).activations["fc1"], "other chunks still read")
        XCTAssertThrowsError(try a.activations(layer: "fc1", snapshot: 1)) {
            XCTAssertTrue(($0 as! ToolError).message.hasPrefix("\(path): /layers/fc1/activation at snapshot 1 (step 1) cannot be read (damaged"), ($0 as! ToolError).message)
        }
        XCTAssertThrowsError(try a.layerDigest("fc1"))
        XCTAssertThrowsError(try a.verify(snapshots: 3))
    }

    func testProbabilitiesThatAreNotProbabilitiesAreRefused() throws {
        for (bad, expected) in [(Float.nan, "sample 0, class 1 is nan, expected a probability in 0…1"),
                                (0.9, "sample 0 sums to")] {
            let path = dir.file("p\(expected.count).h5")
            let w = try ActivationsWriter(path: path, layout: layout())
            var r = record(0)
            r.probabilities[1] = bad
            try w.append(r)
            try w.commit()
            XCTAssertThrowsError(try ActivationsFile(path: path).probabilities(snapshot: 0)) {
                let message = ($0 as! ToolError).message
                XCTAssertTrue(message.contains("/predictions/probability at snapshot 0 (step 0), \(expected)"), message)
            }
        }
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
        try write(bad, snapshots: 1).commit()
        do {
            let f = try HDF5File(path: bad, mode: .readWrite)
            try f.dataset("/samples/label").write([0, 1, 5, 1, 0] as [Int32])
        }
        XCTAssertThrowsError(try ActivationsFile(path: bad)) {
            XCTAssertTrue(($0 as! ToolError).message.contains("/samples/label[2] = 5 is not a class index in 0..<3"))
        }
        let newer = dir.file("newer.h5")
        try write(newer, snapshots: 1).commit()
        do { try HDF5File(path: newer, mode: .readWrite).setAttribute("format_version", [Int64(4)]) }
        XCTAssertThrowsError(try ActivationsFile(path: newer)) {
            XCTAssertTrue(($0 as! ToolError).message.hasSuffix("format_version 4 is not supported (this build reads 1...3)"))
        }
    }

    /// The subject is optional: a version 2 file (which has none) and a version 3 file without
    /// one read as nil, as does an empty one.
    func testTheSubjectIsOptionalAndVersion2StillReads() throws {
        let older = dir.file("v2.h5")
        let w = try ActivationsWriter(path: older, layout: layout(subject: nil))
        try w.append(record(0))
        try w.commit()
        do { try HDF5File(path: older, mode: .readWrite).setAttribute("format_version", [Int64(2)]) }
        let a = try ActivationsFile(path: older)
        XCTAssertEqual(a.formatVersion, 2)
        XCTAssertNil(a.subject)
        let empty = dir.file("empty.h5")
        try write(empty, snapshots: 1).commit()
        do { try HDF5File(path: empty, mode: .readWrite).setAttribute("subject", "") }
        XCTAssertNil(try ActivationsFile(path: empty).subject)
    }

    func testEmbeddingRoundTripAndBelongingChecks() throws {
        let aPath = dir.file("activations.h5")
        try write(aPath, snapshots: 2).commit()
        let digest = try ActivationsFile(path: aPath).layerDigest("fc1")
        XCTAssertEqual(digest.count, 64)

        let ePath = dir.file("embedding.h5")
        let e = try EmbeddingWriter(path: ePath, steps: [0, 1], sampleCount: 5, producer: "t", config: "{}",
                                    layer: "fc1", source: aPath)
        try e.append(coordinates: (0..<10).map { Float($0) }, quality: [.trustworthiness: 0.9, .movement: 0])
        XCTAssertThrowsError(try e.commit(sourceDigest: digest), "one of two snapshots written")
        try e.append(coordinates: (0..<10).map { Float(-$0) }, quality: [.trustworthiness: 0.95, .movement: 0.1])
        try e.commit(sourceDigest: digest)

        let r = try EmbeddingFile(path: ePath)
        XCTAssertEqual(r.steps, [0, 1])
        XCTAssertEqual(r.sampleCount, 5)
        XCTAssertEqual(r.layer, "fc1")
        XCTAssertEqual(try r.coordinates(snapshot: 1), (0..<10).map { Float(-$0) })
        XCTAssertEqual(try r.quality(.trustworthiness), [0.9, 0.95])
        XCTAssertTrue(try r.quality(.knnPreservation)!.allSatisfy { $0.isNaN })
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

    private func find(_ pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        var i = 0
        while i <= bytes.count - pattern.count {
            if bytes[i] == first, Array(bytes[i..<(i + pattern.count)]) == pattern { return i }
            i += 1
        }
        return nil
    }

    private func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
