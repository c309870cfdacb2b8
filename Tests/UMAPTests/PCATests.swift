import XCTest
import Foundation
@testable import UMAP

final class PCATests: XCTestCase {
    func testPrincipalComponentsFindTheDirectionsOfVariance() {
        // Variance 100 along (1,1,0,0)/√2, 9 along (0,0,1,0), 1 elsewhere.
        var r = SeededRandomForTests(seed: 3)
        var data: [Float] = []
        for _ in 0..<500 {
            let a = r.normal() * 10, b = r.normal() * 3
            data += [Float(a / 2.squareRoot() + r.normal()), Float(a / 2.squareRoot() + r.normal()), Float(b + r.normal() * 0.1), Float(r.normal())]
        }
        let scores = principalComponents(data, n: 500, d: 4, width: 2, seed: 0).scores
        func variance(_ c: Int) -> Double {
            let v = (0..<500).map { Double(scores[$0 * 2 + c]) }
            let m = v.reduce(0, +) / 500
            return v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 499
        }
        XCTAssertEqual(variance(0), 101, accuracy: 15)
        XCTAssertEqual(variance(1), 9, accuracy: 2)
    }

    /// A matrix with a known singular value decomposition and large column means:
    /// X = 1·μᵀ + Σ_c s_c·w_c·h_cᵀ `[256, 300]`, where w_c (c = 1…40) are Walsh functions
    /// (±1, zero mean, mutually orthogonal), h_c the columns of a Householder reflection
    /// (orthonormal) and s_c = 10·0.8^c, distinct. The top principal components' scores are then
    /// exactly ±s_c·w_c. The sketch (5 + 8 columns) is far narrower than the rank (40), so the
    /// power iterations are what finds them; with the means (≈ 100, ten times the largest
    /// singular direction's spread) the implicit centring is tested too. Tolerance: 2e-4 of
    /// s₁ on every score (measured: at most 2.5e-5), float32 data.
    func testScoresMatchAnExactDecompositionWithLargeMeans() {
        let n = 256, d = 300, rank = 40, width = 5
        var r = SeededRandomForTests(seed: 7)
        let v = (0..<d).map { _ in r.normal() }
        let vv = v.reduce(0) { $0 + $1 * $1 }
        func household(_ j: Int, _ c: Int) -> Double { (j == c ? 1 : 0) - 2 * v[j] * v[c] / vv }
        func walsh(_ i: Int, _ c: Int) -> Double { (i & c).nonzeroBitCount % 2 == 0 ? 1 : -1 }
        let s = (0..<rank).map { 10 * pow(0.8, Double($0)) }
        var data = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            for j in 0..<d {
                var x = 100 + Double(j % 7)
                for c in 0..<rank { x += s[c] * walsh(i, c + 1) * household(j, c) }
                data[i * d + j] = Float(x)
            }
        }
        let cold = principalComponents(data, n: n, d: d, width: width, seed: 0)
        // Started from another seed's basis of the same data (2 iterations instead of 4).
        let started = principalComponents(data, n: n, d: d, width: width, seed: 9, startingBasis:
                                          principalComponents(data, n: n, d: d, width: width, seed: 5).basis)
        for (scores, name) in [(cold.scores, "cold"), (started.scores, "started from a basis")] { for c in 0..<width {
            let expected = (0..<n).map { s[c] * walsh($0, c + 1) }
            let got = (0..<n).map { Double(scores[$0 * width + c]) }
            let sign: Double = zip(expected, got).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1 : 1
            let worst = zip(expected, got).map { abs($0 - sign * $1) }.max()!
            XCTAssertLessThan(worst, 2e-4 * s[0], "\(name): component \(c + 1)")
        } }
    }

    /// Same data and seed: the same bytes, run again or on another number of threads.
    func testSameSeedGivesIdenticalBytesForAnyThreadCount() {
        let (data, _) = blobs(clusters: 4, perCluster: 150, d: 300)
        let two = principalComponents(data, n: 600, d: 300, width: 6, seed: 1, threads: 2).scores
        let again = principalComponents(data, n: 600, d: 300, width: 6, seed: 1, threads: 2).scores
        XCTAssertEqual(two.map(\.bitPattern), again.map(\.bitPattern))
        for threads in [1, 3] {
            let other = principalComponents(data, n: 600, d: 300, width: 6, seed: 1, threads: threads).scores
            XCTAssertEqual(other.map(\.bitPattern), two.map(\.bitPattern), "\(threads) threads")
        }
    }
}
