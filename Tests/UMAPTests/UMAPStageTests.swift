import XCTest
import Foundation
@testable import UMAP

final class UMAPStageTests: XCTestCase {
    func testCurveFitMatchesUmapLearnDefaults() {
        let (a, b) = fitCurve(minDist: 0.1, spread: 1.0)
        XCTAssertEqual(a, 1.577, accuracy: 0.002)
        XCTAssertEqual(b, 0.895, accuracy: 0.002)
        let (a2, b2) = fitCurve(minDist: 0.5, spread: 1.0)  // umap-learn: a ≈ 0.583, b ≈ 1.334
        XCTAssertEqual(a2, 0.583, accuracy: 0.01)
        XCTAssertEqual(b2, 1.334, accuracy: 0.01)
    }

    func testExactNeighborsEqualBruteForce() {
        let (data, _) = blobs(clusters: 3, perCluster: 40, d: 5)
        let n = 120, k = 7
        for metric in [UMAPOptions.Metric.euclidean, .cosine] {
            let g = nearestNeighbors(data, n: n, d: 5, k: k, metric: metric, threads: 2)
            for i in [0, 17, 63, 119] {
                let x = Array(data[i * 5..<i * 5 + 5])
                let dists: [(Int, Double)] = (0..<n).filter { $0 != i }.map { j in
                    let y = Array(data[j * 5..<j * 5 + 5])
                    switch metric {
                    case .euclidean: return (j, zip(x, y).reduce(0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot())
                    case .cosine:
                        let dot = zip(x, y).reduce(0.0) { $0 + Double($1.0 * $1.1) }
                        let nx = x.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot(), ny = y.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()
                        return (j, 1 - dot / (nx * ny))
                    }
                }.sorted { $0.1 < $1.1 }
                XCTAssertEqual(g.indices[i * k..<(i + 1) * k].map(Int.init), dists.prefix(k).map(\.0), "\(metric) row \(i)")
                for s in 0..<k { XCTAssertEqual(Double(g.distances[i * k + s]), dists[s].1, accuracy: 1e-3) }
            }
        }
    }

    func testSigmaSearchHitsItsTarget() {
        let (data, _) = blobs(clusters: 2, perCluster: 50, d: 4)
        let g = nearestNeighbors(data, n: 100, d: 4, k: 14)
        let (rho, sigma) = smoothKNNDistances(g)
        for i in 0..<100 {
            XCTAssertEqual(rho[i], g.distances[i * 14], "ρ is the nearest neighbour's distance")
            let sum = (0..<14).reduce(0.0) { s, j in
                let d = Double(g.distances[i * 14 + j] - rho[i])
                return s + (d > 0 ? exp(-d / Double(sigma[i])) : 1)
            }
            XCTAssertEqual(sum, log2(15), accuracy: 1e-3)
        }
    }

    func testFuzzyUnionSymmetrizes() {
        // 3 points, 1 neighbour each: 0→1, 1→2, 2→1, at distances making memberships known.
        let g = NeighborGraph(n: 3, k: 2, indices: [1, 2, 2, 0, 1, 0], distances: [1, 2, 1, 3, 1, 2])
        let (rho, sigma) = smoothKNNDistances(g)
        func w(_ i: Int, _ s: Int) -> Float {
            let d = g.distances[i * 2 + s] - rho[i]
            return d <= 0 ? 1 : Float(exp(-Double(d) / Double(sigma[i])))
        }
        let union = FuzzyGraph(neighbors: g)
        let w01 = w(0, 0), w10 = w(1, 1), w02 = w(0, 1), w20 = w(2, 1)
        XCTAssertEqual(union.weight(0, 1), w01 + w10 - w01 * w10, accuracy: 1e-6)
        XCTAssertEqual(union.weight(0, 2), w02 + w20 - w02 * w20, accuracy: 1e-6)
        for i in 0..<3 { for j in 0..<3 { XCTAssertEqual(union.weight(i, j), union.weight(j, i)) } }
        let intersection = FuzzyGraph(neighbors: g, setOpMixRatio: 0)
        XCTAssertEqual(intersection.weight(0, 1), w01 * w10, accuracy: 1e-6)
        XCTAssertEqual(union.componentCount, 1)
    }

    func testProcrustesUndoesRotationReflectionAndShift() {
        let (data, _) = blobs(clusters: 2, perCluster: 20, d: 2)
        for reflect in [false, true] {
            let t = 2.1, c = Float(cos(t)), s = Float(sin(t))
            var moved = [Float](repeating: 0, count: data.count)
            for i in 0..<40 {
                let x = data[2 * i], y = reflect ? -data[2 * i + 1] : data[2 * i + 1]
                moved[2 * i] = c * x - s * y + 5
                moved[2 * i + 1] = s * x + c * y - 3
            }
            procrustesAlign(&moved, onto: data)
            for i in data.indices { XCTAssertEqual(moved[i], data[i], accuracy: 1e-3) }
            XCTAssertEqual(layoutMovement(from: data, to: moved), 0, accuracy: 1e-4)
        }
    }
}

/// A Gaussian sampler over Support's generator for test data.
struct SeededRandomForTests {
    var inner: Support.SeededRandom
    init(seed: UInt64) { inner = Support.SeededRandom(seed: seed) }
    mutating func normal() -> Double {
        let u = max(inner.unit(), 1e-12), v = inner.unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}

import Support

final class NNDescentTests: XCTestCase {
    /// NN-descent from random-projection trees against the exact search: recall ≥ 0.95 on
    /// 1,500 clustered points in 16-D, and the same result twice for one seed.
    func testApproximateNeighborsAgreeWithExactAboveStatedRecall() {
        let (data, _) = blobs(clusters: 6, perCluster: 250, d: 16, spread: 6)
        let n = 1500, k = 14
        let exact = nearestNeighbors(data, n: n, d: 16, k: k)
        let approximate = approximateNeighbors(data, n: n, d: 16, k: k, seed: 4)
        var found = 0
        for i in 0..<n {
            found += Set(exact.indices[i * k..<(i + 1) * k]).intersection(approximate.indices[i * k..<(i + 1) * k]).count
        }
        let recall = Double(found) / Double(n * k)
        XCTAssertGreaterThanOrEqual(recall, 0.95, "recall \(recall)")
        XCTAssertEqual(approximateNeighbors(data, n: n, d: 16, k: k, seed: 4), approximate)
        for i in 0..<n { XCTAssertFalse(approximate.indices[i * k..<(i + 1) * k].contains(Int32(i)), "no self-neighbour") }
    }
}
