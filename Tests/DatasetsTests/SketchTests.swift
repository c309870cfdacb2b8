import Support
import XCTest
@testable import Datasets

final class SketchTests: XCTestCase {
    func testSameSeedSameBytesOtherSeedOtherBytes() throws {
        let a = try SketchSource(trainPerClass: 6, testPerClass: 2, seed: 7).load()
        let b = try SketchSource(trainPerClass: 6, testPerClass: 2, seed: 7).load()
        let c = try SketchSource(trainPerClass: 6, testPerClass: 2, seed: 8).load()
        XCTAssertTrue(a.train == b.train && a.test == b.test, "same seed, same bytes")
        XCTAssertTrue(a.train.pixels != c.train.pixels, "another seed, other drawings")
        XCTAssertEqual(a.classNames.count, SketchShape.allCases.count)
        XCTAssertEqual(a.train.classCounts, [Int](repeating: 6, count: SketchShape.allCases.count))
    }

    /// Classes must be told apart from pixels: a nearest-class-mean classifier fitted on the
    /// train split labels most test drawings right (chance is 10%).
    func testShapesAreDistinctPerClass() throws {
        let data = try SketchSource(trainPerClass: 40, testPerClass: 20, seed: 1).load()
        let n = data.train.imageSize, classes = data.classNames.count
        var means = [Double](repeating: 0, count: classes * n)
        for i in 0..<data.train.count {
            for (p, v) in data.train.image(i).enumerated() { means[Int(data.train.labels[i]) * n + p] += Double(v) / 40 }
        }
        var right = 0
        for i in 0..<data.test.count {
            let img = Array(data.test.image(i))
            let distances = (0..<classes).map { c in (0..<n).reduce(0.0) { $0 + pow(Double(img[$1]) - means[c * n + $1], 2) } }
            if distances.firstIndex(of: distances.min() ?? 0) == Int(data.test.labels[i]) { right += 1 }
        }
        XCTAssertGreaterThan(Double(right) / Double(data.test.count), 0.6)
        // Every drawing has ink, and none is all ink.
        for i in 0..<data.test.count {
            let ink = data.test.image(i).filter { $0 > 128 }.count
            XCTAssertTrue(ink > 10 && ink < n / 2, "drawing \(i) has \(ink) inked pixels")
        }
    }
}
