/// What a new activations file holds besides its per-snapshot records: the classes, the
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
    /// The layer `umap-embed` embeds when given none (root attribute `default_layer`).
    public var defaultLayer: String
    /// Images in one pass over the training data (root attribute `train_size`).
    public var trainSize: Int64
    /// What one class is, e.g. "kind of clothing" (root attribute `subject`; nil: not written).
    public var subject: String?

    public init(classes: [String], labels: [Int32], sourceIndex: [Int64], images: [UInt8], imageShape: [Int],
                layers: [Layer], producer: String, config: String, seed: Int64, defaultLayer: String, trainSize: Int64,
                subject: String? = nil) {
        self.classes = classes
        self.labels = labels
        self.sourceIndex = sourceIndex
        self.images = images
        self.imageShape = imageShape
        self.layers = layers
        self.producer = producer
        self.config = config
        self.seed = seed
        self.defaultLayer = defaultLayer
        self.trainSize = trainSize
        self.subject = subject
    }

    /// N, the number of tracked samples.
    public var sampleCount: Int { labels.count }
}
