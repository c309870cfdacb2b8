import Artifacts
import Foundation
import Support
import XCTest
@testable import Pipeline

final class ArtifactQualityTests: XCTestCase {
    func testReadsLastSnapshotFiguresFromArtifacts() throws {
        let p = try FakeProject(self)
        try FileManager.default.createDirectory(atPath: p.out, withIntermediateDirectories: true)
        let activations = p.out + "/activations.h5", embedding = p.out + "/embedding.h5"
        let layout = ActivationsLayout(classes: ["a", "b"], labels: [0, 1], sourceIndex: [3, 7], images: [0, 1, 2, 3, 4, 5, 6, 7],
                                       imageShape: [2, 2], layers: [.init(name: "fc1", kind: "dense", shape: [3])],
                                       producer: "test", config: "{}", seed: 0, defaultLayer: "fc1", trainSize: 10)
        let writer = try ActivationsWriter(path: activations, layout: layout)
        for (e, acc) in [(Int64(0), Float(0.1)), (1, 0.75)] {
            try writer.append(SnapshotRecord(step: e, imagesSeen: e * 10, epoch: Double(e), epochEnd: true,
                                             metrics: [.testAccuracy: acc, .testLoss: 2 - acc, .trackedAccuracy: 0.5, .trainAccuracy: acc, .trainLoss: 1, .seconds: 1],
                                             probabilities: [0.5, 0.5, 0.5, 0.5], activations: ["fc1": [Float](repeating: 1, count: 6)]))
        }
        try writer.commit()
        let ew = try EmbeddingWriter(path: embedding, steps: [0, 1], sampleCount: 2, producer: "test", config: "{}",
                                     layer: "fc1", source: activations)
        try ew.append(coordinates: [0, 0, 1, 1], quality: [.trustworthiness: 0.5, .movement: 0])
        try ew.append(coordinates: [0, 0, 1, 1], quality: [.trustworthiness: 0.875, .movement: 0.25])
        try ew.commit(sourceDigest: "x")
        let stages = try PipelineFile(path: p.pipeline).stages
        XCTAssertEqual(ArtifactQuality.read(stages[0]), ["test_accuracy": 0.75, "test_loss": 1.25, "tracked_accuracy": 0.5, "train_accuracy": 0.75, "train_loss": 1])
        XCTAssertEqual(ArtifactQuality.read(stages[1]), ["trustworthiness": 0.875, "movement": 0.25])
        XCTAssertEqual(ArtifactQuality.read(stages[2]), [:])
    }
}
