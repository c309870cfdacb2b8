import Foundation
import Support

/// A directory with one subdirectory of PNG images per class (subdirectory name = class
/// name). Every image is read with `PNGImage.grayscale` at `height × width`; each class is
/// split into train and test with `seed`, `testFraction` of it (rounded, at least 1) to test.
public struct PNGFolderSource: Equatable, Sendable {
    public var directory: String
    /// Class names (= subdirectories) in label order; nil takes all subdirectories sorted.
    public var classes: [String]?
    public var height: Int
    public var width: Int
    public var invert: Bool
    public var testFraction: Double
    public var seed: UInt64

    public init(directory: String, classes: [String]? = nil, height: Int = 28, width: Int = 28,
                invert: Bool = false, testFraction: Double = 0.2, seed: UInt64 = 0) {
        self.directory = directory; self.classes = classes; self.height = height; self.width = width
        self.invert = invert; self.testFraction = testFraction; self.seed = seed
    }

    /// The class names in label order.
    public func classNames() throws -> [String] {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: directory) else {
            throw ToolError.badInput("\(directory): cannot list the image directory (does it exist?)")
        }
        let names = classes ?? entries.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && fm.fileExists(atPath: directory + "/" + name, isDirectory: &isDir) && isDir.boolValue
        }.sorted()
        guard names.count >= 2 else {
            throw ToolError.badInput("\(directory): found \(names.count) class folder\(names.count == 1 ? "" : "s"); expected at least 2 subdirectories of PNG images")
        }
        return names
    }

    public func load() throws -> Dataset {
        let fm = FileManager.default
        let names = try classNames()
        var train = [UInt8](), trainLabels = [Int32](), test = [UInt8](), testLabels = [Int32]()
        for (label, name) in names.enumerated() {
            let folder = (directory as NSString).appendingPathComponent(name)
            guard let files = try? fm.contentsOfDirectory(atPath: folder) else {
                throw ToolError.badInput("\(folder): cannot list the class folder (does it exist?)")
            }
            var pngs = files.filter { $0.lowercased().hasSuffix(".png") }.sorted()
            guard pngs.count >= 2 else {
                throw ToolError.badInput("\(folder): holds \(pngs.count) PNG file\(pngs.count == 1 ? "" : "s"); expected at least 2 per class (one for test)")
            }
            var r = SeededRandom(seed: seed &+ UInt64(label) &* 0x1000_0001)
            r.shuffle(&pngs)
            let testCount = min(pngs.count - 1, max(1, Int((Double(pngs.count) * testFraction).rounded())))
            for (k, file) in pngs.enumerated() {
                let pixels = try PNGImage.grayscale((folder as NSString).appendingPathComponent(file),
                                                    height: height, width: width, invert: invert)
                if k < testCount { test += pixels; testLabels.append(Int32(label)) } else { train += pixels; trainLabels.append(Int32(label)) }
            }
        }
        return try Dataset(train: LabeledImages(height: height, width: width, classNames: names, pixels: train, labels: trainLabels),
                           test: LabeledImages(height: height, width: width, classNames: names, pixels: test, labels: testLabels))
    }
}
