import XCTest
@testable import Render
@testable import SceneModel

final class CaptionTests: XCTestCase {
    /// 4 classes × 40 samples over 4 epochs with planted events: every class rises by under 10
    /// points at position 1 (overall 43% → 50%, the largest rise); Coat crosses 80% at position 2
    /// (60% → 85%); Shirt drops 20 points at position 3 (50% → 30%). Before the end every
    /// mistake goes to the next class, so Sandal → Coat (23) leads at positions 1 and 2; at the
    /// end Shirt's mistakes spread out and Sandal → Bag (23) leads.
    func plantedInput() throws -> RenderInput {
        let classes = ["Coat", "Shirt", "Bag", "Sandal"]
        // Number recognised out of 40 per epoch position and class.
        let right = [[21, 17, 16, 15], [24, 20, 19, 17], [34, 20, 19, 17], [34, 12, 19, 17]]
        var labels: [Int] = []
        for c in 0..<4 { labels += [Int](repeating: c, count: 40) }
        var predictions: [[Int]] = []
        for e in 0..<4 {
            predictions.append(labels.enumerated().map { i, l in
                let k = i % 40
                if k < right[e][l] { return l }
                if e < 3 { return (l + 1) % 4 }
                if l == 3 { return 2 }
                return (l + 1 + k % 3) % 4
            })
        }
        let xy = [Float](repeating: 0, count: 320)
        return try RenderInput(classes: classes, labels: labels, snapshots: TestScenes.epochs(4), predictions: predictions,
                               coordinates: [xy, xy, xy, xy])
    }

    func testPerClassFiguresEqualADirectCount() throws {
        let input = try TestScenes.clusters(perClass: 20)
        let h = TrainingHistory(input)
        for e in 0..<input.snapshotCount {
            var total = 0
            for c in 0..<input.classCount {
                let members = input.labels.indices.filter { input.labels[$0] == c }
                let right = members.filter { input.predictions[e][$0] == c }.count
                XCTAssertEqual(h.classAccuracy[e][c], Double(right) / Double(members.count))
                total += right
                for p in 0..<input.classCount {
                    XCTAssertEqual(h.confusion[e][c * input.classCount + p], members.filter { input.predictions[e][$0] == p }.count)
                }
            }
            XCTAssertEqual(h.accuracy[e], Double(total) / Double(input.sampleCount))
        }
    }

    func captions(_ input: RenderInput, rules: CaptionRules = CaptionRules()) -> [Caption] {
        let w = Templates()
        return findCaptions(TrainingHistory(input), when: TimeWords(input, words: w).short, words: w, rules: rules)
    }

    func testPlantedEventsAreFoundWordedRightRankedBySizeAndNothingElse() throws {
        let captions = captions(try plantedInput())
        XCTAssertEqual(captions.map(\.text), [
            "Watch the pictures sort themselves by kind as the network practises.",
            "Most often mixed up now: Sandal taken for Coat (23 pictures).",
            "Biggest leap: from 43 % to 50 % right, by one round of practice.",
            "Coat got better: 60 % → 85 % right (34 of 40).",
            "Most often mixed up now: Sandal taken for Bag (23 pictures).",
            "Shirt got worse (50 % → 30 % right): it now takes more of them for Coat, which look alike.",
        ])
        XCTAssertEqual(captions.map(\.snapshot), [0, 1, 1, 2, 3, 3])
        XCTAssertEqual(captions.map(\.kind), [.intro, .confused, .leap, .better, .confused, .worse])
    }

    func testThresholdsComeFromTheRules() throws {
        let input = try plantedInput()
        var rules = CaptionRules()
        rules.learned = 0.95          // nobody reaches it
        rules.markedChange = 0.07     // now the 7.5-point rises at position 1 are marked
        rules.minimumConfusions = 24  // 23 confusions are not enough
        let captions = captions(input, rules: rules)
        XCTAssertFalse(captions.contains { $0.kind == .learned || $0.kind == .confused })
        // Coat, Shirt and Bag rose 7.5 points at position 1; Sandal only 5.
        XCTAssertEqual(Set(captions.filter { $0.kind == .better && $0.snapshot == 1 }.compactMap(\.classIndex)), [0, 1, 2])
        XCTAssertEqual(captions.filter { $0.kind == .better && $0.snapshot == 2 }.map(\.classIndex), [0])
        XCTAssertEqual(captions.filter { $0.kind == .worse }.map(\.classIndex), [1])
    }

    func testCaptionsShowOnlyWhileTheirSnapshotHoldsStill() throws {
        let input = try plantedInput()
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 1280, height: 720))
        let r = try FrameRenderer(scene: scene)
        let pacing = scene.pacing
        let atTwo = try XCTUnwrap(pacing.frames.first { $0.nearest == 2 && $0.page == 0 })
        r.draw(atTwo)
        XCTAssertTrue(r.texts.contains { $0.text.hasPrefix("Coat got better") })
        let moving = try XCTUnwrap(pacing.frames.first { $0.from == 1 && $0.t > 0 && $0.t < 1 })
        r.draw(moving)
        XCTAssertFalse(r.texts.contains { t in scene.captions.contains { $0.text == t.text } })
        // Every page of every snapshot is on screen at some frame, in order.
        let shown = pacing.frames.compactMap { f in f.page.map { [f.nearest, $0] } }
        var seen: [[Int]] = []
        for p in shown where seen.last != p { seen.append(p) }
        XCTAssertEqual(seen, scene.moments.flatMap { m in m.pages.indices.map { [m.snapshot, $0] } })
    }

    func testGalleryShowsTheMostConfusedPair() throws {
        let input = try plantedInput()
        let scene = Scene(input: input, style: TestScenes.smallStyle())
        XCTAssertEqual(scene.galleryPairs[3], ConfusedPair(truth: 3, predicted: 2, count: 23))
        XCTAssertEqual(scene.galleryPairs[1], ConfusedPair(truth: 3, predicted: 0, count: 23))
        XCTAssertNil(scene.galleryPairs[0])
        XCTAssertEqual(scene.gallerySamples(at: 3, limit: 8), Array(137...144))
        XCTAssertEqual(scene.moments[3].gallery?.title, "Sandal pictures the network took for Bag")
        XCTAssertEqual(scene.moments[3].gallery?.guessed, [Int](repeating: 2, count: 8))
    }
}

final class CaptionOrderTests: XCTestCase {
    /// With several marked changes at one epoch, the largest comes first.
    func testLargestChangeIsShownFirst() throws {
        // Two classes of 10: A loses 2 of 10 (20 points), B loses 5 of 10 (50 points).
        let labels = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 10)
        let before = labels
        let after = labels.enumerated().map { i, l in (l == 0 && i < 2) || (l == 1 && i < 15) ? 1 - l : l }
        let xy = [Float](repeating: 0, count: 40)
        let input = try RenderInput(classes: ["A", "B"], labels: labels, snapshots: TestScenes.epochs(2), predictions: [before, after],
                                    coordinates: [xy, xy])
        let w = Templates()
        let worse = findCaptions(TrainingHistory(input), when: TimeWords(input, words: w).short, words: w).filter { $0.kind == .worse }
        XCTAssertEqual(worse.map(\.classIndex), [1, 0])
    }

    /// A share right that comes only from calling nearly everything by one name is not "better",
    /// and losing it is not "worse"; the classes really learned meanwhile are "better".
    func testCallingEverythingOneNameIsNeitherBetterNorWorse() throws {
        // Three classes of 10. Before: everything called A (A 100 % right). After: A's pictures
        // half called B, everything else right.
        let labels = (0..<3).flatMap { [Int](repeating: $0, count: 10) }
        let before = [Int](repeating: 0, count: 30)
        let after = labels.enumerated().map { i, l in l == 0 && i < 5 ? 1 : l }
        let xy = [Float](repeating: 0, count: 60)
        let input = try RenderInput(classes: ["A", "B", "C"], labels: labels, snapshots: TestScenes.epochs(2),
                                    predictions: [before, after], coordinates: [xy, xy])
        let w = Templates()
        let found = findCaptions(TrainingHistory(input), when: TimeWords(input, words: w).short, words: w)
        XCTAssertFalse(found.contains { $0.kind == .worse }, found.map(\.text).joined(separator: " | "))
        XCTAssertEqual(Set(found.filter { $0.kind == .better }.compactMap(\.classIndex)), [1, 2])
    }

    /// A pair that stays most confused is captioned when it appears and, with "still", at the end.
    func testPairThatStaysConfusedIsRepeatedAtTheEnd() throws {
        let labels = [Int](repeating: 0, count: 10) + [Int](repeating: 1, count: 10)
        let wrong = labels.enumerated().map { i, l in l == 1 && i < 16 ? 0 : l } // 6 Bs taken for A
        let xy = [Float](repeating: 0, count: 40)
        let input = try RenderInput(classes: ["A", "B"], labels: labels, snapshots: TestScenes.epochs(4),
                                    predictions: [labels, wrong, wrong, wrong], coordinates: [xy, xy, xy, xy])
        let w = Templates()
        var rules = CaptionRules()
        rules.dominant = 0.6 // before training A already takes half of the guesses
        let found = findCaptions(TrainingHistory(input), when: TimeWords(input, words: w).short, words: w, rules: rules)
        let confused = found.filter { $0.kind == .confused }
        XCTAssertEqual(confused.map(\.text), ["Most often mixed up now: B taken for A (6 pictures).",
                                               "B is still most often taken for A (6 pictures)."])
        XCTAssertEqual(confused.map(\.snapshot), [1, 3])
        // 16 of 20 guesses are A from snapshot 1 on (10 before): said once, when it starts.
        XCTAssertEqual(found.filter { $0.kind == .dominant }.map(\.text), ["It calls 80 % of all pictures A."])
    }
}
