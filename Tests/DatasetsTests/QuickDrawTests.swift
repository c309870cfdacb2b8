import Support
import XCTest
@testable import Datasets

final class QuickDrawTests: XCTestCase {
    func testNPYCategoriesSplitBySeed() throws {
        let dir = try temporaryDirectory(self)
        // Category k's row r is filled with 10·k + r, so every image says where it came from.
        for (k, name) in ["cat", "dog", "ant"].enumerated() {
            try write(npyBytes(rows: (0..<8).map { r in [UInt8](repeating: UInt8(10 * k + r), count: 784) }), to: "\(dir)/\(name).npy")
        }
        let source = QuickDrawSource(format: .npy, directory: dir, trainPerClass: 5, testPerClass: 2, seed: 3)
        let data = try source.load()
        XCTAssertEqual(data.classNames, ["ant", "cat", "dog"])
        XCTAssertEqual([data.train.count, data.test.count, data.train.height, data.train.width], [15, 6, 28, 28])
        XCTAssertEqual(data.train.classCounts, [5, 5, 5])
        var seen = Set<UInt8>()
        for split in [data.train, data.test] {
            for i in 0..<split.count {
                let v = split.image(i).first ?? 0
                let category = ["cat", "dog", "ant"].firstIndex(of: split.classNames[Int(split.labels[i])]) ?? -1
                XCTAssertEqual(Int(v) / 10, category)
                XCTAssertTrue(seen.insert(v).inserted, "image \(v) used twice")
            }
        }
        XCTAssertTrue(seen.allSatisfy { $0 % 10 < 7 }, "only the first 7 rows are taken")
        XCTAssertTrue(try source.load().train.pixels == data.train.pixels, "same seed, same split")
        var other = source; other.seed = 4
        XCTAssertTrue(try other.load().train.pixels != data.train.pixels, "another seed, another split")
    }

    func testNPYHeaderErrors() throws {
        let dir = try temporaryDirectory(self)
        try write(npyBytes(rows: [[1, 2, 3, 4]], descr: "<f4"), to: "\(dir)/f.npy")
        XCTAssertThrowsError(try NPYFile(path: "\(dir)/f.npy")) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("dtype '<f4' is not supported"))
        }
        try write(Array("not numpy at all".utf8), to: "\(dir)/g.npy")
        XCTAssertThrowsError(try NPYFile(path: "\(dir)/g.npy")) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("magic string"))
        }
        try write(npyBytes(rows: [[1, 2, 3]]), to: "\(dir)/h.npy")
        XCTAssertThrowsError(try NPYFile(path: "\(dir)/h.npy")) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("not square"))
        }
        try write(npyBytes(rows: [[1, 2, 3, 4]], shape: "(2, 4)"), to: "\(dir)/i.npy")
        XCTAssertThrowsError(try NPYFile(path: "\(dir)/i.npy")) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("needs 8 data bytes but the file holds 4"))
        }
        let ok = try NPYFile(path: { try? write(npyBytes(rows: [[9, 8, 7, 6], [5, 4, 3, 2]]), to: "\(dir)/j.npy"); return "\(dir)/j.npy" }())
        XCTAssertEqual([ok.rows, ok.height, ok.width], [2, 2, 2])
        XCTAssertEqual(ok.row(1), [5, 4, 3, 2])
    }

    func testNDJSONStrokesAreRasterizedWhereDrawn() throws {
        let dir = try temporaryDirectory(self)
        // A horizontal line across the middle, and a vertical one.
        let h = #"{"word":"h","recognized":true,"drawing":[[[0,255],[128,128]]]}"#
        let v = #"{"word":"v","drawing":[[[128,128],[0,255]]]}"#
        try write(Array(([h, h, h].joined(separator: "\n") + "\n").utf8), to: "\(dir)/horizontal.ndjson")
        try write(Array([v, v, v].joined(separator: "\n").utf8), to: "\(dir)/vertical.ndjson")
        let data = try QuickDrawSource(format: .ndjson, directory: dir, trainPerClass: 2, testPerClass: 1).load()
        XCTAssertEqual(data.classNames, ["horizontal", "vertical"])
        for i in 0..<data.train.count {
            let img = Array(data.train.image(i))
            let rowInk = (0..<28).map { y in (0..<28).reduce(0) { $0 + Int(img[y * 28 + $1]) } }
            let colInk = (0..<28).map { x in (0..<28).reduce(0) { $0 + Int(img[$1 * 28 + x]) } }
            let horizontal = data.train.labels[i] == 0
            let profile = horizontal ? rowInk : colInk, across = horizontal ? colInk : rowInk
            // Ink concentrated on the middle line (rows/cols 13–14), spanning most of the width.
            XCTAssertGreaterThan(profile[13] + profile[14], 9 * (profile.reduce(0, +) / 10))
            XCTAssertEqual(profile[0] + profile[27], 0)
            XCTAssertGreaterThan(across.filter { $0 > 0 }.count, 20)
            XCTAssertEqual(img[14 * 28 + 14] > 100 || img[13 * 28 + 13] > 100, true)
        }
    }

    /// Lines read in 1 MiB pieces: drawings whose lines straddle the pieces' edges (padded to
    /// 0.3–1 kB, 2 MB in all, with blank lines and no final newline) give the same data set as
    /// the same drawings on short lines.
    func testNDJSONLinesAcrossReadPiecesAreReadWhole() throws {
        let count = 3000
        func lines(padded: Bool) -> [String] {
            (0..<count).map { k in
                let y = 20 + k % 200, pad = padded ? String(repeating: "x", count: 300 + (k * 37) % 700) : ""
                return #"{"drawing":[[[10,240],[\#(y),\#(255 - y)]]],"pad":"\#(pad)"}"#
            }
        }
        let long = lines(padded: true).enumerated().map { $0 % 97 == 5 ? "\n" + $1 : $1 }.joined(separator: "\n")
        XCTAssertGreaterThan(long.utf8.count, 3 << 19, "more than one and a half pieces")
        let vertical = #"{"drawing":[[[128,128],[0,255]]]}"#
        var loaded: [Dataset] = []
        for text in [long, lines(padded: false).joined(separator: "\n") + "\n"] {
            let dir = try temporaryDirectory(self)
            try write(Array(text.utf8), to: "\(dir)/slanted.ndjson")
            try write(Array(Array(repeating: vertical, count: count).joined(separator: "\n").utf8), to: "\(dir)/vertical.ndjson")
            loaded.append(try QuickDrawSource(format: .ndjson, directory: dir, trainPerClass: count - 500, testPerClass: 500).load())
        }
        XCTAssertEqual(loaded[0].train.count, 2 * (count - 500))
        XCTAssertEqual(loaded[0].train.labels, loaded[1].train.labels)
        XCTAssertEqual(loaded[0].test.labels, loaded[1].test.labels)
        for i in stride(from: 0, to: loaded[0].train.count, by: 7) { XCTAssertEqual(Array(loaded[0].train.image(i)), Array(loaded[1].train.image(i)), "train \(i)") }
        for i in 0..<loaded[0].test.count { XCTAssertEqual(Array(loaded[0].test.image(i)), Array(loaded[1].test.image(i)), "test \(i)") }
    }

    func testNDJSONBadLineNamesFileAndLine() throws {
        let dir = try temporaryDirectory(self)
        try write(Array("{\"drawing\":[[[1,2],[3]]]}\n".utf8), to: "\(dir)/a.ndjson")
        try write(Array("{\"drawing\":[[[1,2],[3,4]]]}\n".utf8), to: "\(dir)/b.ndjson")
        XCTAssertThrowsError(try QuickDrawSource(format: .ndjson, directory: dir, trainPerClass: 1, testPerClass: 0).load()) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("a.ndjson:1: $.drawing[0]"), "\(e)")
        }
    }
}
