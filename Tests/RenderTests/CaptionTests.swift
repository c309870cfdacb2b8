import XCTest
@testable import Render

final class CaptionTests: XCTestCase {
    /// 4 classes × 40 samples over 4 epochs with planted events: every class rises by under 10
    /// points at position 1 (overall 43% → 50%, the largest rise); Coat crosses 80% at position 2
    /// (60% → 85%); Shirt drops 20 points at position 3 (50% → 30%); at the end Sandal is taken
    /// for Bag 23 times, more than any other pair.
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
                if l == 3 && e == 3 { return 2 }
                return (l + 1 + k % 3) % 4
            })
        }
        let xy = [Float](repeating: 0, count: 320)
        return try RenderInput(classes: classes, labels: labels, epochs: [0, 1, 2, 3], predictions: predictions,
                               coordinates: [xy, xy, xy, xy])
    }

    func testPerClassFiguresEqualADirectCount() throws {
        let input = try TestScenes.clusters(perClass: 20)
        let h = TrainingHistory(input)
        for e in 0..<input.epochCount {
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

    func testPlantedEventsAreFoundWordedRightAndNothingElse() throws {
        let h = TrainingHistory(try plantedInput())
        let captions = findCaptions(h)
        XCTAssertEqual(captions.map(\.text), [
            "Biggest leap of training: from 43% to 50% of the pictures recognised.",
            "The network has learned Coat: it now recognises 85% of them.",
            "Shirt got markedly worse: 50% → 30% recognised.",
            "Most often mixed up: Sandal taken for Bag (23 pictures).",
        ])
        XCTAssertEqual(captions.map(\.epoch), [1, 2, 3, 3])
        XCTAssertEqual(captions.map(\.kind), [.jump, .learned, .worse, .confused])
    }

    func testThresholdsComeFromTheRules() throws {
        let h = TrainingHistory(try plantedInput())
        var rules = CaptionRules()
        rules.learned = 0.95          // nobody reaches it
        rules.markedChange = 0.07     // now the 7.5-point rises at position 1 are marked
        rules.minimumConfusions = 24  // 23 confusions are not enough
        let captions = findCaptions(h, rules: rules)
        XCTAssertFalse(captions.contains { $0.kind == .learned || $0.kind == .confused })
        // Coat, Shirt and Bag rose 7.5 points at position 1; Sandal only 5.
        XCTAssertEqual(Set(captions.filter { $0.kind == .better && $0.epoch == 1 }.compactMap(\.classIndex)), [0, 1, 2])
        XCTAssertEqual(captions.filter { $0.kind == .better && $0.epoch == 2 }.map(\.classIndex), [0])
        XCTAssertEqual(captions.filter { $0.kind == .worse }.map(\.classIndex), [1])
    }

    func testInterpolatedFramesShowTheNearestEpochsCaptions() throws {
        let input = try plantedInput()
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 1280, height: 720))
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 1, t: 0.6))  // nearest = 2: "learned Coat"
        XCTAssertTrue(r.texts.contains { $0.text.hasPrefix("The network has learned Coat") })
        r.draw(FrameTime(from: 1, t: 0.4))  // nearest = 1: the jump
        XCTAssertTrue(r.texts.contains { $0.text.hasPrefix("Biggest leap") })
        XCTAssertFalse(r.texts.contains { $0.text.hasPrefix("The network has learned") })
    }

    func testGalleryShowsTheMostConfusedPair() throws {
        let input = try plantedInput()
        let scene = Scene(input: input, style: TestScenes.smallStyle())
        XCTAssertEqual(scene.galleryPair?.truth, 3)
        XCTAssertEqual(scene.galleryPair?.predicted, 2)
        let samples = scene.gallerySamples(at: 3, limit: 8)
        XCTAssertEqual(samples, Array(137...144))
        XCTAssertEqual(scene.fill(scene.style.templates.galleryTitle, epoch: 3), "Sandal pictures the network took for Bag")
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
        let input = try RenderInput(classes: ["A", "B"], labels: labels, epochs: [1, 2], predictions: [before, after],
                                    coordinates: [xy, xy])
        let worse = findCaptions(TrainingHistory(input)).filter { $0.kind == .worse }
        XCTAssertEqual(worse.map(\.classIndex), [1, 0])
    }
}
