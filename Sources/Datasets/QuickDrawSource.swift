import Foundation
import Support

/// Quick, Draw! categories (Jongejan et al. 2016), one file per category named after it
/// (`cat.npy` or `cat.ndjson`) in one directory. `.npy` files hold 28×28 bitmaps; `.ndjson`
/// files hold simplified strokes, drawn with `rasterizer`. From each file the first
/// `trainPerClass + testPerClass` drawings are taken and split with `seed` (`SplitBuilder`).
public struct QuickDrawSource: Equatable, Sendable {
    public enum Format: String, Sendable { case npy, ndjson }

    public var format: Format
    public var directory: String
    /// Category names; nil takes every file of the format in `directory`, sorted by name.
    public var classes: [String]?
    public var trainPerClass: Int
    public var testPerClass: Int
    public var seed: UInt64
    public var rasterizer: StrokeRasterizer

    public init(format: Format, directory: String, classes: [String]? = nil, trainPerClass: Int = 5000,
                testPerClass: Int = 1000, seed: UInt64 = 0, rasterizer: StrokeRasterizer = StrokeRasterizer()) {
        self.format = format; self.directory = directory; self.classes = classes
        self.trainPerClass = trainPerClass; self.testPerClass = testPerClass; self.seed = seed
        self.rasterizer = rasterizer
    }

    /// The category names in label order.
    public func classNames() throws -> [String] {
        if let classes { return classes }
        let ext = "." + format.rawValue
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw ToolError.badInput("\(directory): cannot list the Quick, Draw! directory (does it exist?)")
        }
        let found = names.filter { $0.hasSuffix(ext) }.map { String($0.dropLast(ext.count)) }.sorted()
        guard found.count >= 2 else {
            throw ToolError.badInput("\(directory): found \(found.count) \(ext) file\(found.count == 1 ? "" : "s"); expected one per category, at least 2 (e.g. cat\(ext), dog\(ext))")
        }
        return found
    }

    public func load() throws -> Dataset {
        let names = try classNames()
        let need = trainPerClass + testPerClass
        var perClass: [(path: String, images: [[UInt8]], height: Int, width: Int)] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name + "." + format.rawValue)
            switch format {
            case .npy:
                let file = try NPYFile(path: path)
                perClass.append((path, (0..<min(need, file.rows)).map(file.row), file.height, file.width))
            case .ndjson:
                perClass.append((path, try readNDJSON(path, need), rasterizer.size, rasterizer.size))
            }
        }
        guard let first = perClass.first else { throw ToolError.badInput("\(directory): no Quick, Draw! categories configured") }
        var builder = SplitBuilder(height: first.height, width: first.width, classNames: names,
                                   trainPerClass: trainPerClass, testPerClass: testPerClass, seed: seed)
        for (label, c) in perClass.enumerated() {
            guard c.height == first.height, c.width == first.width else {
                throw ToolError.badInput("\(c.path): images are \(c.height)×\(c.width) but \(first.path) holds \(first.height)×\(first.width)")
            }
            try builder.add(label: label, images: c.images, source: c.path)
        }
        return try builder.build()
    }

    /// The longest `.ndjson` line read: 16 MiB (Quick, Draw!'s drawings take a few kB).
    static let maxLineBytes = 1 << 24

    private func readNDJSON(_ path: String, _ need: Int) throws -> [[UInt8]] {
        guard FileManager.default.fileExists(atPath: path) else { throw ToolError.badInput("\(path): no such file") }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ToolError.badInput("\(path): cannot read the file") }
        defer { try? handle.close() }
        // `pending` starts at index 0 and holds no newline in its first `scanned` bytes: each byte
        // is searched once, and a long line is not copied again for every piece read.
        var images = [[UInt8]](), pending = Data(), scanned = 0, lineNumber = 0
        func take(_ line: Data) throws {
            lineNumber += 1
            guard let text = String(data: line, encoding: .utf8) else {
                throw ToolError.badInput("\(path):\(lineNumber): not UTF-8 text")
            }
            if text.allSatisfy({ $0.isWhitespace }) { return }
            images.append(try rasterizer.render(try QuickDrawDrawing.parse(text, source: "\(path):\(lineNumber)")))
        }
        while images.count < need, let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(chunk)
            var start = 0
            while images.count < need, let newline = Self.newline(in: pending, from: max(start, scanned)) {
                try take(pending[start ..< newline])
                start = newline + 1
            }
            if start > 0 { pending = Data(pending[start...]) }
            scanned = pending.count
            guard pending.count <= Self.maxLineBytes else {
                throw ToolError.badInput("\(path):\(lineNumber + 1): a line longer than \(CheckedSize.describe(Self.maxLineBytes)); expected one drawing per line (a few kB each)")
            }
        }
        if images.count < need, !pending.isEmpty { try take(pending) }
        return images
    }

    /// The index of the first newline (0x0A) in `data` (which starts at index 0) at or after `offset`.
    private static func newline(in data: Data, from offset: Int) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            guard offset < raw.count, let base = raw.baseAddress,
                  let found = memchr(base + offset, 0x0A, raw.count - offset) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }
}
