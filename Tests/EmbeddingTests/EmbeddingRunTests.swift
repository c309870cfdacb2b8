import XCTest
import Artifacts
import Foundation
import HDF5
import Support
@testable import Embedding

final class EmbeddingRunTests: XCTestCase {
    var directory: String!
    override func setUp() {
        directory = NSTemporaryDirectory() + "umap-embed-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }
    func path(_ name: String) -> String { directory + "/" + name }

    /// Three blobs in 8-D whose centres drift a little each epoch, like a network that keeps
    /// refining what it learned: `[E][n·8]`, 3 × `perCluster` samples.
    func drifting(epochs: Int, perCluster: Int = 40) -> ([[Float]], [Int32]) {
        var r = SeededRandom(seed: 9)
        func normal() -> Float {
            let u = max(r.unit(), 1e-12), v = r.unit()
            return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
        }
        let base = (0..<3 * 8).map { _ in Float(r.uniform(-8, 8)) }
        let noise = (0..<3 * perCluster * 8).map { _ in normal() }
        var out: [[Float]] = []
        for e in 0..<epochs {
            var x = [Float]()
            for c in 0..<3 { for p in 0..<perCluster { for j in 0..<8 {
                x.append(base[c * 8 + j] * (1 + 0.1 * Float(e)) + noise[(c * perCluster + p) * 8 + j] * (1 - 0.05 * Float(e)))
            } } }
            out.append(x)
        }
        return (out, (0..<3 * perCluster).map { Int32($0 / perCluster) })
    }

    func writeActivations(_ epochs: [[Float]], labels: [Int32], d: Int = 8, to file: String) throws {
        let n = labels.count
        let w = try ActivationsWriter(path: file, layout: ActivationsLayout(
            classes: ["a", "b", "c"], labels: labels, sourceIndex: (0..<n).map(Int64.init),
            images: [UInt8](repeating: 0, count: n * 4), imageShape: [2, 2],
            layers: [.init(name: "fc1", kind: "dense", shape: [d])], producer: "test", config: "{}", seed: 0,
            defaultLayer: "fc1", trainSize: 100))
        for (e, x) in epochs.enumerated() {
            try w.append(SnapshotRecord(step: Int64(e * 10), imagesSeen: Int64(e * 100), epoch: Double(e), epochEnd: true, metrics: [:],
                                        probabilities: [Float](repeating: 1.0 / 3, count: n * 3), activations: ["fc1": x]))
        }
        try w.commit()
    }

    func config(_ text: String) throws -> EmbedConfig {
        let file = path("embed-\(UUID().uuidString).json")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try EmbedConfig.load(file)
    }

    func embed(_ config: EmbedConfig, _ activations: String, layer: String? = nil, out: String) throws {
        try EmbeddingRun(config: config, configFile: "embed.json")
            .run(activations: activations, layer: layer, output: out, progress: Progress(quiet: true, terminal: false))
    }

    func testAlignedMovesLessThanIndependentAndBothKeepQuality() throws {
        let (epochs, labels) = drifting(epochs: 4)
        let a = path("a.h5")
        try writeActivations(epochs, labels: labels, to: a)
        var movements: [String: Float] = [:]
        for mode in ["aligned", "independent", "cold"] {
            let out = path("\(mode).h5")
            try embed(try config(#"{"mode": "\#(mode)", "n_epochs": 200, "warm_epochs": 60}"#), a, out: out)
            let e = try EmbeddingFile(path: out)
            XCTAssertEqual(e.steps, [0, 10, 20, 30])
            XCTAssertEqual(e.layer, "fc1", "the file's default layer")
            XCTAssertNoThrow(try e.checkBelongs(to: ActivationsFile(path: a)))
            let moved = try XCTUnwrap(try e.quality(.movement))
            XCTAssertEqual(moved[0], 0)
            movements[mode] = moved.dropFirst().reduce(0, +) / 3
            XCTAssertTrue(try e.quality(.neighborhoodHit)!.allSatisfy { $0 > 0.98 }, mode)
            XCTAssertTrue(try e.quality(.trustworthiness)!.allSatisfy { $0 > 0.85 }, mode)
        }
        XCTAssertLessThan(movements["aligned"]!, movements["independent"]!)
        XCTAssertLessThan(movements["independent"]!, movements["cold"]!)
    }

    func testSameConfigGivesIdenticalBytes() throws {
        let (epochs, labels) = drifting(epochs: 2)
        let a = path("a.h5")
        try writeActivations(epochs, labels: labels, to: a)
        let c = try config(#"{"n_epochs": 100, "warm_epochs": 30}"#)
        try embed(c, a, out: path("1.h5"))
        try embed(c, a, out: path("2.h5"))
        for e in 0..<2 {
            XCTAssertEqual(try EmbeddingFile(path: path("1.h5")).coordinates(snapshot: e).map(\.bitPattern),
                           try EmbeddingFile(path: path("2.h5")).coordinates(snapshot: e).map(\.bitPattern))
        }
    }

    /// `quality_sample` below the sample count estimates the figures (close to the exact ones,
    /// the same layout); null and the default (5,000) keep them exact for small runs.
    func testQualitySampleEstimatesTheFiguresOfTheSameLayout() throws {
        let (epochs, labels) = drifting(epochs: 2, perCluster: 100)
        let a = path("a.h5")
        try writeActivations(epochs, labels: labels, to: a)
        XCTAssertEqual(try config("{}").qualitySample, 5000)
        XCTAssertNil(try config(#"{"quality_sample": null}"#).qualitySample)
        let base = #""n_epochs": 100, "warm_epochs": 30"#
        try embed(try config("{\(base)}"), a, out: path("exact.h5"))
        try embed(try config(#"{\#(base), "quality_sample": null}"#), a, out: path("null.h5"))
        try embed(try config(#"{\#(base), "quality_sample": 150}"#), a, out: path("sampled.h5"))
        let exact = try EmbeddingFile(path: path("exact.h5")), sampled = try EmbeddingFile(path: path("sampled.h5"))
        XCTAssertEqual(try exact.quality(.trustworthiness), try EmbeddingFile(path: path("null.h5")).quality(.trustworthiness))
        for s in 0..<2 {
            XCTAssertEqual(try exact.coordinates(snapshot: s), try sampled.coordinates(snapshot: s))
            XCTAssertEqual(try exact.quality(.trustworthiness)![s], try sampled.quality(.trustworthiness)![s], accuracy: 0.02)
            XCTAssertEqual(try exact.quality(.neighborhoodHit)![s], try sampled.quality(.neighborhoodHit)![s], accuracy: 0.05)
        }
    }

    func testBadInputsNameWhatIsWrongAndWriteNothing() throws {
        let (epochs, labels) = drifting(epochs: 2)
        let a = path("a.h5")
        try writeActivations(epochs, labels: labels, to: a)
        let out = path("out.h5")
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "no error" } catch { return "\(error)" }
        }
        let c = try config("{}")
        XCTAssertTrue(message { try self.embed(c, a, layer: "fc2", out: out) }.contains("no layer 'fc2' (did you mean 'fc1'?)"))
        let other = path("other.h5")
        try HDF5File(path: other, mode: .create).setAttribute("format", "nope")
        XCTAssertTrue(message { try self.embed(c, other, out: out) }.contains("not an activations file"))
        XCTAssertTrue(message { _ = try self.config(#"{"n_neigbors": 5}"#) }.contains("unknown key 'n_neigbors' (did you mean 'n_neighbors'?)"))
        XCTAssertTrue(message { _ = try self.config(#"{"metric": "manhattan"}"#) }.contains("expected one of 'euclidean', 'cosine'"))

        var bad = epochs
        bad[1][37 * 8 + 5] = .nan
        let nan = path("nan.h5")
        try writeActivations(bad, labels: labels, to: nan)
        let m = message { try self.embed(c, nan, out: out) }
        XCTAssertTrue(m.contains("layer fc1, snapshot 1 (step 10), sample 37: activation 5 is nan"), m)

        let few = path("few.h5")
        try writeActivations([Array(epochs[0].prefix(10 * 8))], labels: Array(labels.prefix(10)), to: few)
        XCTAssertTrue(message { try self.embed(c, few, out: out) }.contains("10 samples, but n_neighbors = 15"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "no output under the final name")
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: out)), "no partial left behind")
    }
}
