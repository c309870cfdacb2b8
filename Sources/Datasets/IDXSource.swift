import Foundation
import Support

/// An MNIST-family data set in IDX files (gzipped or not): four files in one directory.
/// The default is Fashion-MNIST as Debian's `dataset-fashion-mnist` installs it.
public struct IDXSource: Equatable, Sendable {
    public static let defaultDirectory = "/usr/share/datasets/fashion-mnist"
    /// Fashion-MNIST's labels 0–9 (Xiao, Rasul and Vollgraf 2017).
    public static let fashionMNISTClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                             "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
    /// MNIST's digits.
    public static let digitClasses = (0...9).map(String.init)

    public var directory: String
    public var trainImages: String
    public var trainLabels: String
    public var testImages: String
    public var testLabels: String
    public var classNames: [String]

    public init(directory: String = Self.defaultDirectory,
                trainImages: String = "train-images-idx3-ubyte.gz", trainLabels: String = "train-labels-idx1-ubyte.gz",
                testImages: String = "t10k-images-idx3-ubyte.gz", testLabels: String = "t10k-labels-idx1-ubyte.gz",
                classNames: [String] = Self.fashionMNISTClasses) {
        self.directory = directory
        self.trainImages = trainImages; self.trainLabels = trainLabels
        self.testImages = testImages; self.testLabels = testLabels
        self.classNames = classNames
    }

    public func load() throws -> Dataset {
        let hint = directory == Self.defaultDirectory
            ? " (install Fashion-MNIST with `apt-get install dataset-fashion-mnist`)"
            : " (check the dataset's \"directory\" and file names)"
        let train = try IDXFile.readPair(images: locate(trainImages), labels: locate(trainLabels),
                                         classNames: classNames, missingHint: hint)
        let test = try IDXFile.readPair(images: locate(testImages), labels: locate(testLabels),
                                        classNames: classNames, missingHint: hint)
        guard train.height == test.height, train.width == test.width else {
            throw ToolError.badInput("\(locate(testImages)): images are \(test.height)×\(test.width) but the training images are \(train.height)×\(train.width)")
        }
        return try Dataset(train: train, test: test)
    }

    /// `name` under `directory`; when absent, the same name with ".gz" added or removed if
    /// that exists (so plain and gzipped copies both work).
    func locate(_ name: String) -> String {
        let path = resolvePath(name, relativeTo: directory + "/x")
        if FileManager.default.fileExists(atPath: path) { return path }
        let other = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path + ".gz"
        return FileManager.default.fileExists(atPath: other) ? other : path
    }
}
