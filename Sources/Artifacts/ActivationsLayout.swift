/// What a new activations file holds besides its per-epoch records: the classes, the
/// tracked samples with their thumbnails, and which layers are recorded.
public struct ActivationsLayout {
    /// One recorded layer: its name, its kind ("dense", "conv2d", …) and the per-sample
    /// shape before flattening (so D = shape.product).
    public struct Layer: Equatable {
        public var name: String
        public var kind: String
        public var shape: [Int]
        public var width: Int { shape.reduce(1, *) }
        public init(name: String, kind: String, shape: [Int]) {
            self.name = name
            self.kind = kind
            self.shape = shape
        }
    }

    /// Class names `[C]`.
    public var classes: [String]
    /// True class of each tracked sample `[N]`, in 0..<C.
    public var labels: [Int32]
    /// Index of each tracked sample in its source split `[N]`.
    public var sourceIndex: [Int64]
    /// Thumbnails, row-major `[N, H, W]` or `[N, H, W, 3]`.
    public var images: [UInt8]
    /// `[H, W]` or `[H, W, 3]`.
    public var imageShape: [Int]
    public var layers: [Layer]
    /// Program name and version, e.g. "cnn-train 0.1.0".
    public var producer: String
    /// The resolved config as JSON text.
    public var config: String
    public var seed: Int64

    public init(classes: [String], labels: [Int32], sourceIndex: [Int64], images: [UInt8], imageShape: [Int],
                layers: [Layer], producer: String, config: String, seed: Int64) {
        self.classes = classes
        self.labels = labels
        self.sourceIndex = sourceIndex
        self.images = images
        self.imageShape = imageShape
        self.layers = layers
        self.producer = producer
        self.config = config
        self.seed = seed
    }

    /// N, the number of tracked samples.
    public var sampleCount: Int { labels.count }
}

/// One epoch's record: metrics, class probabilities `[N, C]` and, per recorded layer, the
/// activations `[N, D]`, all row-major.
public struct EpochRecord {
    public var index: Int32
    public var metrics: [String: Float]
    public var probabilities: [Float]
    public var activations: [String: [Float]]

    public init(index: Int32, metrics: [String: Float], probabilities: [Float], activations: [String: [Float]]) {
        self.index = index
        self.metrics = metrics
        self.probabilities = probabilities
        self.activations = activations
    }
}
