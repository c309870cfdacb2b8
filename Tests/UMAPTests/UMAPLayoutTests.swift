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

    /// The graph's neighbours (k = 14), passed in, give exactly the figures of a fresh k = 10 search.
    func testQualityFromTheGraphsNeighboursEqualsAFreshSearch() {
        let (data, labels) = blobs(clusters: 4, perCluster: 70, d: 8, spread: 3)
        let layout = UMAP(options: options()).fit(data, n: 280, d: 8)
        let fresh = LayoutQuality(data: data, n: 280, d: 8, layout: layout, labels: labels)
        let reused = LayoutQuality(data: data, n: 280, d: 8, layout: layout, labels: labels,
                                   dataNeighbors: nearestNeighbors(data, n: 280, d: 8, k: 14))
        XCTAssertEqual(fresh, reused)
        XCTAssertLessThan(fresh.trustworthiness, 1)
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
