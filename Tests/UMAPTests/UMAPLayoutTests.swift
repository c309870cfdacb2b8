import XCTest
import Foundation
@testable import UMAP

final class UMAPLayoutTests: XCTestCase {
    func options(threads: Int = 2) -> UMAPOptions {
        var o = UMAPOptions()
        o.epochs = 200
        o.threads = threads
        o.seed = 11
        return o
    }

    func testSeparatedClustersStaySeparated() {
        let (data, labels) = blobs(clusters: 3, perCluster: 80, d: 10, spread: 15)
        let layout = UMAP(options: options()).fit(data, n: 240, d: 10)
        let q = LayoutQuality(data: data, n: 240, d: 10, layout: layout, labels: labels)
        XCTAssertGreaterThan(q.neighborhoodHit, 0.99)
        XCTAssertGreaterThan(q.trustworthiness, 0.9)
        // Every point is closer to its own cluster's centre than to any other centre.
        var centres = [[Double]](repeating: [0, 0], count: 3)
        for i in 0..<240 { centres[Int(labels[i])][0] += Double(layout[2 * i]) / 80; centres[Int(labels[i])][1] += Double(layout[2 * i + 1]) / 80 }
        for i in 0..<240 {
            let d = centres.map { c in hypot(Double(layout[2 * i]) - c[0], Double(layout[2 * i + 1]) - c[1]) }
            XCTAssertEqual(d.firstIndex(of: d.min()!), Int(labels[i]))
        }
    }

    func testSameSeedGivesIdenticalBytesForAnyThreadCount() {
        let (data, _) = blobs(clusters: 3, perCluster: 40, d: 6)
        let one = UMAP(options: options(threads: 1)).fit(data, n: 120, d: 6)
        let two = UMAP(options: options(threads: 2)).fit(data, n: 120, d: 6)
        let again = UMAP(options: options(threads: 2)).fit(data, n: 120, d: 6)
        XCTAssertEqual(two.map(\.bitPattern), again.map(\.bitPattern))
        XCTAssertEqual(one.map(\.bitPattern), two.map(\.bitPattern))
        var other = options()
        other.seed = 12
        XCTAssertNotEqual(UMAP(options: other).fit(data, n: 120, d: 6), two)
    }

    func testQualityFiguresEqualScikitLearn() throws {
        struct Fixture: Decodable { let data: [Float]; let layout: [Float]; let n, d, k: Int; let trustworthiness, knn_preservation: Double }
        let url = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/quality-sklearn", withExtension: "json"))
        let f = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let q = LayoutQuality(data: f.data, n: f.n, d: f.d, layout: f.layout, labels: [Int32](repeating: 0, count: f.n), k: f.k)
        XCTAssertEqual(q.trustworthiness, f.trustworthiness, accuracy: 1e-6)
        XCTAssertEqual(q.knnPreservation, f.knn_preservation, accuracy: 1e-9)
        XCTAssertEqual(q.neighborhoodHit, 1)
    }

    /// On a seeded sample of m points the figures stay within their stated error of the exact
    /// ones; a sample of all points is the exact computation; the sample does not depend on the
    /// thread count.
    func testSampledQualityEstimatesTheExactFigures() {
        let (data, labels) = blobs(clusters: 4, perCluster: 300, d: 8, spread: 3)
        let n = 1200
        let layout = UMAP(options: options()).fit(data, n: n, d: 8)
        let exact = LayoutQuality(data: data, n: n, d: 8, layout: layout, labels: labels)
        XCTAssertEqual(exact.points, n)
        XCTAssertEqual(exact.trustworthinessError, 0)
        XCTAssertLessThan(exact.trustworthiness, 1)
        XCTAssertEqual(LayoutQuality(data: data, n: n, d: 8, layout: layout, labels: labels, sample: n), exact)
        let one = LayoutQuality(data: data, n: n, d: 8, layout: layout, labels: labels, threads: 1, sample: 300, seed: 5)
        let two = LayoutQuality(data: data, n: n, d: 8, layout: layout, labels: labels, threads: 2, sample: 300, seed: 5)
        XCTAssertEqual(one, two)
        XCTAssertEqual(two.points, 300)
        XCTAssertGreaterThan(two.trustworthinessError, 0)
        XCTAssertEqual(two.trustworthiness, exact.trustworthiness, accuracy: 4 * two.trustworthinessError)
        XCTAssertEqual(two.knnPreservation, exact.knnPreservation, accuracy: 0.05)
        XCTAssertEqual(two.neighborhoodHit, exact.neighborhoodHit, accuracy: 0.05)
    }

    func testQualitySampleIsSeededSortedAndDistinct() {
        let s = qualitySample(n: 1000, count: 100, seed: 3)
        XCTAssertEqual(s, qualitySample(n: 1000, count: 100, seed: 3))
        XCTAssertNotEqual(s, qualitySample(n: 1000, count: 100, seed: 4))
        XCTAssertEqual(s, s.sorted())
        XCTAssertEqual(Set(s).count, 100)
        XCTAssertTrue(s.allSatisfy { (0..<1000).contains($0) })
        XCTAssertEqual(qualitySample(n: 50, count: 100, seed: 3), Array(0..<50))
    }

    func testDisconnectedGraphFallsBackToPCA() {
        // Two far-apart blobs with k small: the kNN graph has two components.
        let (data, _) = blobs(clusters: 2, perCluster: 30, d: 3, spread: 1000)
        var o = options()
        o.neighbors = 5
        let u = UMAP(options: o)
        let g = u.graph(u.neighbors(data, n: 60, d: 3))
        XCTAssertEqual(g.componentCount, 2)
        XCTAssertNil(spectralLayout(g, seed: 0))
        let layout = u.initialLayout(g, data: data, d: 3)
        XCTAssertEqual(layout.count, 120)
        XCTAssertTrue(layout.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 10 })
    }
}
