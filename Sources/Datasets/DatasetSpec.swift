import Support

/// Which data set to load, as declared in a train config's `"dataset"` object:
///
///     {"kind": "idx", "directory": "/usr/share/datasets/fashion-mnist", "classes": "fashion-mnist"}
///     {"kind": "quickdraw-npy", "directory": "data/quickdraw", "classes": ["cat", "dog"],
///      "train_per_class": 5000, "test_per_class": 1000, "seed": 0}
///     {"kind": "quickdraw-ndjson", ... same keys ..., "line_width": 1.5, "padding": 1.5, "size": 28}
///     {"kind": "png-folders", "directory": "data/pngs", "height": 28, "width": 28, "invert": false,
///      "test_fraction": 0.2, "seed": 0}
///     {"kind": "sketches", "shapes": ["circle", "square"], "train_per_class": 500,
///      "test_per_class": 100, "seed": 0, "noise": 0.04, "line_width": 1.5, "padding": 1.5, "size": 28}
///
/// Every kind also takes `train_limit` / `test_limit` (keep the first N of a split) and
/// `subject`: what one class is, in the words a viewer reads ("kind of clothing", "digit"),
/// written into the activations file so the video and page name it (default: none, and the
/// words stay neutral).
/// `kind` defaults to "idx", whose defaults are Fashion-MNIST from Debian's package; `classes`
/// of "idx" is "fashion-mnist", "mnist" (digits "0"…"9") or an array of names, and may be left
/// out only for Debian's Fashion-MNIST folder (other IDX files must name their classes). Relative
/// directories are relative to the config file.
public struct DatasetSpec: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case idx(IDXSource)
        case quickDraw(QuickDrawSource)
        case pngFolders(PNGFolderSource)
        case sketches(SketchSource)
    }

    public static let kinds = ["idx", "quickdraw-npy", "quickdraw-ndjson", "png-folders", "sketches"]

    public var source: Source
    public var trainLimit: Int?
    public var testLimit: Int?
    /// What one class is ("kind of clothing"), nil when the config does not say.
    public var subject: String?

    public init(source: Source = .idx(IDXSource()), trainLimit: Int? = nil, testLimit: Int? = nil, subject: String? = nil) {
        self.source = source; self.trainLimit = trainLimit; self.testLimit = testLimit; self.subject = subject
    }

    /// Reads the spec from a `"dataset"` object (nil: the default, Fashion-MNIST), rejecting
    /// unknown keys.
    public init(config c: ConfigObject?) throws {
        guard let c else { self.init(); return }
        let kind = try c.string("kind", default: "idx", oneOf: Self.kinds)
        let trainLimit = try c.has("train_limit") ? c.int("train_limit", min: 1) : nil
        let testLimit = try c.has("test_limit") ? c.int("test_limit", min: 1) : nil
        let subject = try c.optionalString("subject")
        if subject?.isEmpty == true { throw c.error("subject", "expected what one class is, e.g. \"kind of clothing\", got an empty string") }
        let source: Source
        switch kind {
        case "idx":
            let directory = try c.filePath("directory") ?? IDXSource.defaultDirectory
            source = .idx(IDXSource(
                directory: directory,
                trainImages: try c.string("train_images", default: "train-images-idx3-ubyte.gz"),
                trainLabels: try c.string("train_labels", default: "train-labels-idx1-ubyte.gz"),
                testImages: try c.string("test_images", default: "t10k-images-idx3-ubyte.gz"),
                testLabels: try c.string("test_labels", default: "t10k-labels-idx1-ubyte.gz"),
                classNames: try Self.idxClasses(c, directory: directory)))
        case "quickdraw-npy", "quickdraw-ndjson":
            guard let directory = try c.filePath("directory") else {
                throw c.error("directory", "missing; expected the folder holding one Quick, Draw! file per category")
            }
            source = .quickDraw(QuickDrawSource(
                format: kind == "quickdraw-npy" ? .npy : .ndjson, directory: directory,
                classes: c.has("classes") ? try c.strings("classes") : nil,
                trainPerClass: try c.int("train_per_class", default: 5000, min: 1),
                testPerClass: try c.int("test_per_class", default: 1000, min: 1),
                seed: UInt64(try c.int("seed", default: 0, min: 0)),
                rasterizer: kind == "quickdraw-ndjson" ? try Self.rasterizer(c) : StrokeRasterizer()))
        case "png-folders":
            guard let directory = try c.filePath("directory") else {
                throw c.error("directory", "missing; expected the folder holding one subfolder of PNG images per class")
            }
            source = .pngFolders(PNGFolderSource(
                directory: directory, classes: c.has("classes") ? try c.strings("classes") : nil,
                height: try c.int("height", default: 28, min: 1, max: 1024),
                width: try c.int("width", default: 28, min: 1, max: 1024),
                invert: try c.bool("invert", default: false),
                testFraction: try c.double("test_fraction", default: 0.2, min: 0, max: 1, exclusiveMin: true),
                seed: UInt64(try c.int("seed", default: 0, min: 0))))
        default:
            let names = try c.strings("shapes", default: SketchShape.allCases.map(\.rawValue))
            let shapes = try names.enumerated().map { k, name in
                guard let s = SketchShape(rawValue: name) else {
                    let all = SketchShape.allCases.map(\.rawValue)
                    throw c.error("shapes[\(k)]", "unknown shape \"\(name)\"; expected one of \(all.joined(separator: ", "))\(didYouMean(name, all))")
                }
                return s
            }
            guard shapes.count >= 2 else { throw c.error("shapes", "expected at least 2 shapes, got \(shapes.count)") }
            source = .sketches(SketchSource(
                shapes: shapes,
                trainPerClass: try c.int("train_per_class", default: 500, min: 1),
                testPerClass: try c.int("test_per_class", default: 100, min: 1),
                seed: UInt64(try c.int("seed", default: 0, min: 0)),
                noise: try c.double("noise", default: 0.04, min: 0, max: 0.5),
                rasterizer: try Self.rasterizer(c)))
        }
        try c.finish()
        self.init(source: source, trainLimit: trainLimit, testLimit: testLimit, subject: subject)
    }

    /// The class names in label order (reads directory listings for Quick, Draw! and PNG folders).
    public func classNames() throws -> [String] {
        switch source {
        case .idx(let s): return s.classNames
        case .quickDraw(let s): return try s.classNames()
        case .pngFolders(let s): return try s.classNames()
        case .sketches(let s): return s.shapes.map(\.rawValue)
        }
    }

    /// One line naming the data set for progress output ("IDX files in /usr/share/datasets/fashion-mnist").
    public var summary: String {
        switch source {
        case .idx(let s): return "IDX files in \(s.directory)"
        case .quickDraw(let s): return "Quick, Draw! .\(s.format.rawValue) files in \(s.directory)"
        case .pngFolders(let s): return "PNG folders in \(s.directory)"
        case .sketches(let s): return "generated sketches (\(s.shapes.count) shapes, seed \(s.seed))"
        }
    }

    /// Loads both splits, applying `trainLimit` / `testLimit`.
    public func load() throws -> Dataset {
        let full: Dataset
        switch source {
        case .idx(let s): full = try s.load()
        case .quickDraw(let s): full = try s.load()
        case .pngFolders(let s): full = try s.load()
        case .sketches(let s): full = try s.load()
        }
        return try Dataset(train: full.train.prefix(trainLimit), test: full.test.prefix(testLimit))
    }

    /// The class names of an IDX data set. Without `classes`, only Debian's Fashion-MNIST
    /// folder gets Fashion-MNIST's names; any other folder must name its classes, so digits are
    /// never called "T-shirt/top".
    private static func idxClasses(_ c: ConfigObject, directory: String) throws -> [String] {
        switch c.value("classes") {
        case nil where directory != IDXSource.defaultDirectory:
            throw c.error("classes", "missing; the IDX files in \(directory) are not Debian's Fashion-MNIST, so name their classes: \"mnist\" (digits 0–9), \"fashion-mnist\", or an array of names in label order")
        case nil, .string("fashion-mnist")?: return IDXSource.fashionMNISTClasses
        case .string("mnist")?: return IDXSource.digitClasses
        case .array?: return try c.strings("classes")
        case let v?: throw c.error("classes", "expected \"fashion-mnist\", \"mnist\" or an array of class names, got \(v.brief)")
        }
    }

    private static func rasterizer(_ c: ConfigObject) throws -> StrokeRasterizer {
        StrokeRasterizer(size: try c.int("size", default: 28, min: 4, max: 512),
                         lineWidth: try c.double("line_width", default: 1.5, min: 0, exclusiveMin: true),
                         padding: try c.double("padding", default: 1.5, min: 0))
    }
}
