import Datasets
import Network
import Support

/// A train config (`configs/train/*.json`), checked key by key:
///
///     {
///       "dataset": {"kind": "idx"},                       // Datasets.DatasetSpec; default Fashion-MNIST
///       "model": {"layers": [{"type": "conv2d", "out_channels": 32, "kernel": 3, "padding": 1}, …]},
///       "optimizer": {"kind": "adam", "learning_rate": 0.001},
///       "epochs": 3, "batch_size": 64, "seed": 0, "threads": 2,
///       "tracked_samples": 2000,                          // seeded, class-balanced subset of the test split
///       "record": ["fc1"],                                // default: the dense layer before the output
///       "eval_batch_size": 200,
///       "snapshots": {"every": "schedule", "growth": 2, "per_epoch": 4}   // SnapshotSchedule
///     }
public struct TrainConfig {
    public var dataset: DatasetSpec
    /// The `"dataset"` object as written (for the resolved config).
    public var datasetJSON: JSONValue
    public var layers: [LayerSpec]
    public var optimizer: OptimizerConfig
    public var epochs: Int
    public var batchSize: Int
    public var seed: UInt64
    public var threads: Int
    public var trackedSamples: Int
    /// Layers to record; empty means the default (`Model.defaultRecordedLayer`).
    public var record: [String]
    public var evalBatchSize: Int
    /// After which optimizer steps a snapshot is recorded.
    public var snapshots: SnapshotSchedule

    /// The reference CNN of the PyTorch peer: conv3x3(32) ReLU pool | conv3x3(64) ReLU pool |
    /// dense(128) ReLU | dense(classes).
    public static func referenceLayers(classes: Int) -> [LayerSpec] {
        [.conv2d(name: "conv1", outChannels: 32, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
         .maxPool(name: "pool1", size: 2, stride: 2),
         .conv2d(name: "conv2", outChannels: 64, kernel: 3, stride: 1, padding: 1), .relu(name: "relu2"),
         .maxPool(name: "pool2", size: 2, stride: 2), .flatten(name: "flatten1"),
         .dense(name: "fc1", units: 128), .relu(name: "relu3"), .dense(name: "fc2", units: classes)]
    }

    public static func load(_ path: String) throws -> TrainConfig {
        let c = try ConfigObject.load(path)
        return try TrainConfig(c)
    }

    public init(_ c: ConfigObject) throws {
        let datasetObject = try c.object("dataset")
        dataset = try DatasetSpec(config: datasetObject)
        datasetJSON = datasetObject.map { JSONValue.object($0.pairs) } ?? .object([])
        if let model = try c.object("model") {
            guard let items = try model.array("layers") else { throw model.error("layers", "missing; expected an array of layers") }
            layers = try LayerSpec.parse(items, in: model)
            try model.finish()
        } else {
            layers = []
        }
        optimizer = try OptimizerConfig(try c.object("optimizer"))
        epochs = try c.int("epochs", default: 3, min: 1, max: 10_000)
        batchSize = try c.int("batch_size", default: 64, min: 1, max: 65_536)
        seed = UInt64(try c.int("seed", default: 0, min: 0))
        threads = try c.int("threads", default: 2, min: 1, max: 256)
        trackedSamples = try c.int("tracked_samples", default: TrackedSamples.defaultCount, min: 1)
        record = try c.strings("record", default: [])
        evalBatchSize = try c.int("eval_batch_size", default: 200, min: 1)
        snapshots = try SnapshotSchedule(try c.object("snapshots"))
        try c.finish()
    }

    /// The config with every default written out, as stored in the activations file.
    public func resolvedJSON(layers resolved: [LayerSpec], record resolvedRecord: [String]) -> JSONValue {
        .object([
            ("dataset", datasetJSON),
            ("model", .object([("layers", .array(resolved.map(\.json)))])),
            ("optimizer", optimizer.json),
            ("epochs", .number(Double(epochs))), ("batch_size", .number(Double(batchSize))),
            ("seed", .number(Double(seed))), ("threads", .number(Double(threads))),
            ("tracked_samples", .number(Double(trackedSamples))),
            ("record", .array(resolvedRecord.map { .string($0) })),
            ("eval_batch_size", .number(Double(evalBatchSize))),
            ("snapshots", snapshots.json),
        ])
    }
}
