import XCTest
@testable import Render
@testable import SceneModel

/// The map tells the story: names on the islands, the caption's place circled, an honest curve,
/// "learned" only when it holds, and no technical words on the frames.
final class MapStoryTests: XCTestCase {
    /// "Learned" needs the share right and that the network does not call most pictures by that
    /// name, at two snapshots running: an untrained network calling everything Sneaker has not
    /// learned Sneaker, and a class first at 80 % is captioned learned only at the next snapshot.
    func testLearnedHoldsOnlyWithoutCallingEverythingThatAndForTwoSnapshots() throws {
        let labels = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 10)
        let everythingB = [Int](repeating: 1, count: 20)
        let eightRight = labels.enumerated().map { i, l in l == 0 && i < 2 ? 1 : l }
        let xy = [Float](repeating: 0, count: 40)
        let input = try RenderInput(classes: ["A", "B"], labels: labels, snapshots: TestScenes.pictureSnapshots(4),
                                    predictions: [everythingB, everythingB, eightRight, eightRight], coordinates: [xy, xy, xy, xy])
        let h = TrainingHistory(input), rules = CaptionRules()
        XCTAssertEqual(h.precision[1][1], 0.5)
        XCTAssertFalse(h.learned(1, at: 1, rules), "B is right 100 % only by calling everything B")
        XCTAssertFalse(h.learned(0, at: 2, rules), "A holds at snapshot 2 only")
        XCTAssertTrue(h.learned(0, at: 3, rules)); XCTAssertTrue(h.learned(1, at: 3, rules))
        let w = Templates()
        let learned = findCaptions(h, when: TimeWords(input, words: w).short, words: w).filter { $0.kind == .learned }
        XCTAssertEqual(learned.map(\.snapshot), [3, 3])
        XCTAssertEqual(Set(learned.compactMap(\.classIndex)), [0, 1])
    }

    /// The closing card's lines wrap inside the card, one under the other, none shrunk on its
    /// own: at 1280×720 the longer lines take two rows at the card's one size.
    func testClosingCardLinesWrapInsideTheCard() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle(width: 1280, height: 720))
        let r = try FrameRenderer(scene: scene)
        r.draw(scene.pacing.frames[scene.pacing.cardFrame])
        let card = scene.layout.card
        let boxes = scene.summary.lines.map { line in r.texts.last { $0.text == line }!.box }
        for b in boxes {
            XCTAssertTrue(b.x >= card.x && b.maxX <= card.maxX + 0.5 && b.y >= card.y && b.maxY <= card.maxY + 0.5, "\(b) outside \(card)")
        }
        XCTAssertTrue(zip(boxes, boxes.dropFirst()).allSatisfy { $0.maxY <= $1.y + 0.5 })
        // The body lines share one size: a wrapped line is about two single lines tall.
        let heights = boxes.dropFirst().map(\.height), single = heights.min()!
        XCTAssertTrue(heights.allSatisfy { h in [1.0, 2.0, 3.0].contains { abs(h / single - $0) < 0.15 } }, "\(heights)")
        XCTAssertTrue(heights.contains { $0 > 1.5 * single }, "no line wrapped: \(heights)")
    }

    /// The curve's points are the tracked share right at every snapshot up to the current one,
    /// counted here from the predictions, and each segment joins neighbouring snapshots only.
    func testCurvePointsAreTheMeasuredValuesAtEverySnapshotSoFar() throws {
        let input = try TestScenes.story()
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 1280, height: 720))
        let r = try FrameRenderer(scene: scene)
        r.draw(scene.pacing.frames[scene.pacing.keyFrames[5]])
        XCTAssertEqual(r.curvePoints.map(\.snapshot), Array(0...5))
        r.draw(scene.pacing.frames[scene.pacing.keyFrames[input.snapshotCount - 1]])
        XCTAssertEqual(r.curvePoints.map(\.snapshot), Array(0..<input.snapshotCount))
        for (s, p) in r.curvePoints.enumerated() {
            let right = zip(input.predictions[s], input.labels).filter { $0 == $1 }.count
            XCTAssertEqual(p.value, Double(right) / Double(input.sampleCount), accuracy: 1e-12)
        }
        XCTAssertTrue(zip(r.curvePoints, r.curvePoints.dropFirst()).allSatisfy { $1.snapshot - $0.snapshot == 1 })
    }

    /// In every key frame, at two sizes and with 4, 10 and 20 classes, no two names on the map
    /// overlap, each lies inside the map, and each drawn name stays inside its placed box.
    func testLabelsNeverOverlapAndStayOnTheMap() throws {
        for input in [try TestScenes.story(), try TestScenes.manyClasses(10), try TestScenes.manyClasses(20)] {
            for (w, h) in [(1920, 1080), (1280, 720)] {
                let scene = Scene(input: input, style: TestScenes.smallStyle(width: w, height: h))
                let r = try FrameRenderer(scene: scene)
                for (s, labels) in scene.labels.enumerated() {
                    XCTAssertGreaterThanOrEqual(labels.count, min(10, scene.featured.count) / 2, "snapshot \(s)")
                    for (i, a) in labels.enumerated() {
                        XCTAssertTrue(scene.layout.plot.contains(a.box), "\(a.text) leaves the map")
                        for b in labels[(i + 1)...] { XCTAssertFalse(a.box.intersects(b.box), "'\(a.text)' overlaps '\(b.text)' at \(s), \(w)x\(h)") }
                    }
                    r.draw(scene.pacing.frames[scene.pacing.keyFrames[s]])
                    for a in labels {
                        let drawn = try XCTUnwrap(r.texts.first { $0.text == a.text && a.box.contains($0.box, tolerance: 1) }, "\(a.text) not drawn in its box")
                        XCTAssertEqual(drawn.unknownGlyphs, 0)
                    }
                }
            }
        }
    }

    /// A label is written where most of its class lies: for the story's tight clusters, the
    /// island's centre is the cluster's, and the label sits within a few label heights of it.
    func testLabelsSitBesideTheirIsland() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle(width: 1920, height: 1080))
        let s = scene.input.snapshotCount - 1
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let xy = scene.input.coordinates[s]
        for label in scene.labels[s] {
            let members = scene.input.labels.indices.filter { scene.input.labels[$0] == label.index }
            let mx = members.map { Double(xy[2 * $0]) }.reduce(0, +) / Double(members.count)
            let my = members.map { Double(xy[2 * $0 + 1]) }.reduce(0, +) / Double(members.count)
            let island = try XCTUnwrap(scene.islands[s][label.index])
            XCTAssertEqual(island.x, mx, accuracy: 1.0); XCTAssertEqual(island.y, my, accuracy: 1.0)
            let cx = label.box.x + label.box.width / 2, cy = label.box.y + label.box.height / 2
            let distance = ((cx - (dx + mx * scale)) * (cx - (dx + mx * scale)) + (cy - (dy - my * scale)) * (cy - (dy - my * scale))).squareRoot()
            XCTAssertLessThan(distance, island.radius * scale + label.box.width, label.text)
        }
    }

    /// A class scattered over the map is named beside its densest bunch, not outside a circle
    /// holding three quarters of it; a class lying in one bunch has its core equal to its radius.
    func testAScatteredClassIsNamedBesideItsDensestBunch() throws {
        var labels: [Int] = [], xy: [Float] = []
        func add(_ c: Int, _ points: [(Float, Float)]) { for (x, y) in points { labels.append(c); xy += [x, y] } }
        let ring = (0..<16).map { k -> (Float, Float) in (Float(cos(Double(k) * .pi / 8)) * 0.3, Float(sin(Double(k) * .pi / 8)) * 0.3) }
        add(0, ring.map { ($0.0 - 6, $0.1 - 4) })
        add(1, ring.map { ($0.0 + 6, $0.1 - 4) })
        add(2, ring.map { ($0.0, $0.1 + 5) } + [(-9, 9), (9, 9), (-9, -9), (9, -9), (0, -9), (-9, 0), (9, 0), (3, -7)])
        let input = try RenderInput(classes: ["Round", "Square", "Scattered"], labels: labels, snapshots: TestScenes.epochs(1),
                                    predictions: [labels], coordinates: [xy])
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 1920, height: 1080))
        let islands = scene.islands[0].map { try! XCTUnwrap($0) }
        XCTAssertEqual(islands[0].core, islands[0].radius); XCTAssertEqual(islands[1].core, islands[1].radius)
        XCTAssertEqual(islands[2].x, 0, accuracy: 1e-6); XCTAssertEqual(islands[2].y, 5, accuracy: 1e-6)
        XCTAssertLessThan(islands[2].core, islands[2].radius / 2, "the bunch is far tighter than three quarters of the class")
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let label = try XCTUnwrap(scene.labels[0].first { $0.index == 2 })
        let cx = label.box.x + label.box.width / 2, cy = label.box.y + label.box.height / 2
        let distance = ((cx - dx) * (cx - dx) + (cy - (dy - 5 * scale)) * (cy - (dy - 5 * scale))).squareRoot()
        XCTAssertLessThan(distance, islands[2].core * scale + label.box.width, "named beside the bunch at (0, 5)")
        XCTAssertLessThan(distance, islands[2].radius * scale, "not outside the circle holding three quarters of the class")
    }

    /// A caption about a class circles the place where that class lies: at least three quarters
    /// of its points are inside the mark; a mix-up's mark holds the mistaken pictures.
    func testACaptionsMarkCoversThePointsOfTheKindItNames() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle())
        var checked = 0
        for m in scene.moments {
            for (page, mark) in zip(m.pages, m.marks) {
                guard let caption = page.first(where: { $0.classIndex != nil }), let c = caption.classIndex else { XCTAssertNil(mark); continue }
                let mark = try XCTUnwrap(mark, caption.text)
                let xy = scene.input.coordinates[m.snapshot], guess = scene.input.predictions[m.snapshot]
                var points = scene.input.labels.indices.filter { scene.input.labels[$0] == c }
                if caption.kind == .confused, let pair = scene.history.mostConfused(at: m.snapshot), pair.truth == c {
                    points = points.filter { guess[$0] == pair.predicted }
                }
                let inside = points.filter {
                    let x = Double(xy[2 * $0]) - mark.x, y = Double(xy[2 * $0 + 1]) - mark.y
                    return (x * x + y * y).squareRoot() <= mark.radius + 1e-9
                }
                XCTAssertGreaterThanOrEqual(Double(inside.count), 0.75 * Double(points.count), caption.text)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 3)
    }

    /// No technical word reaches the frames: not in any key frame, guide screen or the card.
    func testNoTechnicalWordsOnTheFrames() throws {
        let scene = Scene(input: try TestScenes.story(), style: Style.dark)
        let r = try FrameRenderer(scene: scene)
        let frames = Array(0..<scene.pacing.storyStart) + scene.pacing.keyFrames + [scene.pacing.cardFrame]
        for f in frames {
            r.draw(scene.pacing.frames[f])
            for t in r.texts {
                let words = Set(t.text.lowercased().split { !$0.isLetter }.map(String.init))
                XCTAssertTrue(words.isDisjoint(with: ["pass", "passes", "epoch", "step", "loss", "layer", "umap"]), t.text)
            }
        }
    }
}
