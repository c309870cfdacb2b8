import XCTest
@testable import SceneModel

final class IslandTests: XCTestCase {
    /// A class with a dense clump and a few strays: the island is the clump (its centre, a radius
    /// holding three quarters of the class, clamped to ρ/2…3ρ); a class with no finite point has none.
    func testTheIslandIsTheDensestClumpOfItsClass() {
        var rng = TestRandom(state: 5)
        var xy: [Float] = [], labels: [Int] = []
        for _ in 0..<60 { // class 0: a clump around (2, 3)
            xy += [2 + Float(rng.uniform() - 0.5) * 0.2, 3 + Float(rng.uniform() - 0.5) * 0.2]; labels.append(0)
        }
        for k in 0..<40 { // class 0's strays, spread along the bottom, 0.5 apart
            xy += [Float(k) * 0.5 - 5, -4]; labels.append(0)
        }
        xy += [.nan, .nan]; labels.append(1) // class 1: no finite point
        let view = ViewBox(minX: -5, maxX: 10, minY: -5, maxY: 5)
        let islands = Island.find(xy: xy, labels: labels, classCount: 2, view: view)
        let island = try! XCTUnwrap(islands[0])
        XCTAssertEqual(island.x, 2, accuracy: 0.05); XCTAssertEqual(island.y, 3, accuracy: 0.05)
        let rho = 0.06 * (15.0 * 15.0 + 10.0 * 10.0).squareRoot()
        XCTAssertEqual(island.radius, 3 * rho, "75 % of the class includes strays far away: the radius is clamped to 3ρ")
        XCTAssertNil(islands[1])
    }

    /// The islands of every snapshot, found on all cores, are each snapshot's islands.
    func testEverySnapshotsIslandsAreThoseOfEachSnapshot() {
        var rng = TestRandom(state: 9)
        let labels = (0..<500).map { $0 % 4 }
        var coordinates: [[Float]] = []
        for s in 0..<7 {
            var xy: [Float] = []
            for l in labels {
                let x = Float(l) * 3 + rng.uniform() * Float(1 + s), y = rng.uniform() * 2 - Float(l)
                xy += [x, y]
            }
            coordinates.append(xy)
        }
        let view = ViewBox(minX: -1, maxX: 17, minY: -4, maxY: 3)
        let all = Island.find(coordinates: coordinates, labels: labels, classCount: 4, view: view, share: 0.5)
        XCTAssertEqual(all, coordinates.map { Island.find(xy: $0, labels: labels, classCount: 4, view: view, share: 0.5) })
    }
}
