import Support

/// A set of labeled grayscale images: `pixels` is uint8 `[count, height, width]` row-major,
/// one channel (0 = background, 255 = full ink, as in MNIST and Quick, Draw!), `labels` is
/// Int32 `[count]` indexing `classNames`.
public struct LabeledImages: Equatable, Sendable {
    public let height: Int
    public let width: Int
    /// Always 1: every loader converts to grayscale.
    public let channels = 1
    public let classNames: [String]
    public private(set) var pixels: [UInt8]
    public private(set) var labels: [Int32]

    public var count: Int { labels.count }
    /// Pixels per image, `height * width`.
    public var imageSize: Int { height * width }

    /// Checks that `pixels` holds `labels.count` images of `height × width` and that every
    /// label indexes `classNames`.
    public init(height: Int, width: Int, classNames: [String], pixels: [UInt8], labels: [Int32]) throws {
        guard height > 0, width > 0, pixels.count == labels.count * height * width else {
            throw ToolError.failed("images of \(height)×\(width): \(pixels.count) pixel bytes do not hold \(labels.count) images")
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= classNames.count }) {
            throw ToolError.badInput("label \(bad) is outside the \(classNames.count) classes \(classNames.prefix(10).joined(separator: ", "))")
        }
        self.height = height
        self.width = width
        self.classNames = classNames
        self.pixels = pixels
        self.labels = labels
    }

    /// The pixels of image `i`, `height * width` bytes.
    public func image(_ i: Int) -> ArraySlice<UInt8> { pixels[i * imageSize ..< (i + 1) * imageSize] }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledImages {
        var p = [UInt8](); p.reserveCapacity(indices.count * imageSize)
        for i in indices { p += image(i) }
        // Safe: same shape and labels drawn from this set.
        return LabeledImages(unchecked: height, width, classNames, p, indices.map { labels[$0] })
    }

    /// The first `n` images (all when `n` is nil or larger than the set).
    public func prefix(_ n: Int?) -> LabeledImages {
        guard let n, n < count else { return self }
        return subset(Array(0..<n))
    }

    /// Images per class, indexed by label.
    public var classCounts: [Int] {
        var c = [Int](repeating: 0, count: classNames.count)
        for l in labels { c[Int(l)] += 1 }
        return c
    }

    private init(unchecked height: Int, _ width: Int, _ classNames: [String], _ pixels: [UInt8], _ labels: [Int32]) {
        self.height = height; self.width = width; self.classNames = classNames
        self.pixels = pixels; self.labels = labels
    }
}

/// A data set's two splits and its class names.
public struct Dataset: Sendable {
    public let train: LabeledImages
    public let test: LabeledImages
    public var classNames: [String] { train.classNames }

    public init(train: LabeledImages, test: LabeledImages) throws {
        guard train.classNames == test.classNames, train.height == test.height, train.width == test.width else {
            throw ToolError.failed("the train and test splits differ in image size or classes")
        }
        self.train = train
        self.test = test
    }
}
