import Foundation
import XCTest
@testable import Render
@testable import SceneModel

/// The story a viewer follows, on the synthetic history of `TestScenes.story()`.
final class StoryTests: XCTestCase {
    func testNewMomentsAreCaptionedFromTheSyntheticHistory() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle())
        let texts = scene.candidates.map(\.text)
        XCTAssertEqual(scene.candidates.first { $0.kind == .separated }?.text,
                       "After only 256 practice pictures, Trouser already stands apart on the map.")
        XCTAssertTrue(texts.contains("Half of the final progress came in the first 0.2 % of practice."), "\(texts)")
        XCTAssertTrue(texts.contains("Bag got worse for a while (90 % → 60 %) and has recovered: 90 % right."), "\(texts)")
        XCTAssertTrue(texts.contains("Bag got worse (90 % → 60 % right): it now takes more of them for Sneaker, which look alike."), "\(texts)")
        // Ranked by size within a snapshot.
        for s in 0..<scene.input.snapshotCount {
            let sizes = scene.candidates.filter { $0.snapshot == s }.map(\.size)
            XCTAssertEqual(sizes, sizes.sorted(by: >), "snapshot \(s)")
        }
    }

    func testTitleAndTimelineCountPicturesSeen() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle())
        XCTAssertEqual(scene.moments[0].title, "Before any practice: 25 % right; it calls 100 % of all pictures Sneaker")
        let k = 6 // 64 << 5 = 2,048 pictures
        let right = Double(scene.moments[k].rows.map(\.right).reduce(0, +)) / 80
        XCTAssertEqual(scene.moments[k].title, "After 2,048 practice pictures: \(wholePercent(right)) % right")
        XCTAssertEqual(scene.moments[k].tick, "2,048")
        XCTAssertTrue(scene.moments[22].title.hasPrefix("After 60,000 practice pictures: "))
        XCTAssertEqual(scene.moments[k].details, "Details: layer fc1 · step 32 · epoch 0.03 · 80 test pictures · 2-D map by UMAP")
        for m in scene.moments { XCTAssertFalse((m.title + m.tick).lowercased().contains("epoch")) }
    }

    func testChangeColumnIsTheDifferenceOfTheNumbersShownAndCountsAreInWords() throws {
        let scene = Scene(input: try TestScenes.story(perClass: 7), style: TestScenes.smallStyle())
        for s in 1..<scene.moments.count {
            for (row, before) in zip(scene.moments[s].rows, scene.moments[s - 1].rows) {
                XCTAssertEqual(row.change, row.percent - before.percent)
                XCTAssertEqual(row.percentText, "\(row.percent) %")
                XCTAssertEqual(row.countText, "\(row.right) of 7")
                XCTAssertEqual(row.percent, Int((Double(row.right) / 7 * 100).rounded()))
                let d = row.percent - before.percent
                XCTAssertEqual(row.changeText, d > 0 ? "▲ \(d)" : d < 0 ? "▼ \(-d)" : "–")
            }
        }
        XCTAssertNil(scene.moments[0].rows[0].change)
    }

    func testHighlightedRowIsTheCaptionsClassAndSaysWhy() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle())
        var checked = 0
        for m in scene.moments { for (p, page) in m.pages.enumerated() {
            guard let c = page.first(where: { $0.classIndex != nil })?.classIndex else { continue }
            XCTAssertEqual(m.highlight(page: p), Highlight(row: c, reason: "Highlighted: the kind the caption is about"))
            checked += 1
        } }
        XCTAssertGreaterThanOrEqual(checked, 2)
    }

    func testSummaryCardInPlainWordsWithTheHardestKindsWrongPictures() throws {
        let scene = Scene(input: try TestScenes.story(), style: TestScenes.smallStyle())
        // Last snapshot: Trouser 19, Shirt 12, Bag 18, Sneaker 18 of 20; mistakes go to the next class.
        XCTAssertEqual(scene.summary.lines, [
            "In short: 84 % right after 60,000 practice pictures",
            "Good at Trouser, Bag and Sneaker.",
            "Still takes some Shirt pictures for Bag.",
            "Hardest: Shirt, 12 of 20 right. Its wrong pictures are below.",
        ])
        let gallery = try XCTUnwrap(scene.summary.gallery)
        XCTAssertEqual(gallery.samples, Array(32..<40))
        XCTAssertEqual(gallery.guessed, [Int](repeating: 2, count: 8))
        XCTAssertEqual(gallery.title, "Shirt pictures it still gets wrong")
    }

    func testDefaultPacingGivesEveryTextItsReadingTimeInAVideoOf30To120Seconds() throws {
        var style = Style()
        style.width = 640; style.height = 360
        let scene = Scene(input: try TestScenes.story(), style: style)
        let pacing = scene.pacing
        print("story of 23 snapshots, default style: \(pacing.frames.count) frames = \(pacing.seconds) s, \(scene.captions.count) of \(scene.candidates.count) captions, \(pacing.cues.count) cues")
        XCTAssertGreaterThanOrEqual(pacing.storySeconds, 30)
        XCTAssertLessThanOrEqual(pacing.storySeconds, 120)
        // The reading guide comes first: its screens in order, each for at least its reading
        // time (the cue check below), then the story.
        XCTAssertEqual(scene.guide.screens.count, 4)
        XCTAssertEqual(pacing.frames[..<pacing.storyStart].map { $0.guide! }, pacing.frames[..<pacing.storyStart].map { $0.guide! }.sorted())
        XCTAssertEqual(Set(pacing.frames[..<pacing.storyStart].compactMap(\.guide)), [0, 1, 2, 3])
        XCTAssertTrue(pacing.frames[pacing.storyStart...].allSatisfy { $0.guide == nil })
        for screen in scene.guide.screens { XCTAssertTrue(pacing.cues.contains { $0.text == screen.text && $0.kind == .caption }, screen.text) }
        XCTAssertGreaterThan(scene.captions.count, 2 * 1)
        // Every text for its reading time; a title that only changes some words of the one
        // before it, for the reading time of those words.
        var previousTitle: String?
        for cue in pacing.cues {
            let characters = cue.kind == .title ? previousTitle.map { Pacing.newCharacters($0, cue.text) } ?? cue.text.count : cue.text.count
            XCTAssertGreaterThanOrEqual(cue.end - cue.start + 1e-9, Double(characters) / 15, cue.text)
            if cue.kind == .title { previousTitle = cue.text }
        }
        // Every title and caption shown has a cue, whose times are exactly when it is on screen.
        for cue in pacing.cues {
            let first = Int((cue.start * 30).rounded()), end = Int((cue.end * 30).rounded())
            func shows(_ f: Int) -> Bool {
                let t = pacing.frames[f]
                switch cue.kind {
                case .title: return (t.guide == nil ? scene.moments[t.nearest].title : scene.guide.title) == cue.text
                case .caption:
                    if let g = t.guide { return scene.guide.screens[g].text == cue.text }
                    return t.page.map { p in scene.moments[t.nearest].pages[p].contains { $0.text == cue.text } } ?? false
                case .card: return t.card
                }
            }
            XCTAssertTrue((first..<end).allSatisfy(shows), cue.text)
            if first > 0 { XCTAssertFalse(shows(first - 1), cue.text) }
            if end < pacing.frames.count { XCTAssertFalse(shows(end), cue.text) }
        }
        let shownTexts = Set(pacing.cues.map(\.text))
        for c in scene.captions { XCTAssertTrue(shownTexts.contains(c.text), c.text) }
        for m in scene.moments { XCTAssertTrue(shownTexts.contains(m.title), m.title) }
        // Snapshots are evenly spaced: every move takes the same number of frames.
        let moves = zip(pacing.keyFrames, pacing.keyFrames.dropFirst()).map { b, a in
            pacing.frames[b..<a].filter { $0.t > 0 }.count
        }
        XCTAssertEqual(Set(moves), [style.inbetween + 1])
    }

    func testATitleThatOnlyChangesItsNumbersNeedsOnlyTheirReadingTime() throws {
        XCTAssertEqual(Pacing.newCharacters("After 75,040 practice pictures: 87 % right", "After 90,016 practice pictures: 88 % right"), 10)
        XCTAssertEqual(Pacing.newCharacters("After 64 practice pictures: 26 % right", "After 64 practice pictures: 26 % right"), 0)
        XCTAssertEqual(Pacing.newCharacters("Before any practice: 10 % right", "After 64 practice pictures: 26 % right"), 38)
        // In a video: the same title with new numbers holds for those numbers, not the sentence.
        var style = TestScenes.smallStyle()
        style.holdSnapshot = 0; style.inbetween = 2
        let titles = ["After 75,040 practice pictures: 87 % right", "After 90,016 practice pictures: 88 % right"]
        let pacing = Pacing(titles: titles, pages: [[], []], card: "", style: style)
        let second = pacing.cues.filter { $0.kind == .title }[1]
        XCTAssertLessThan(second.end - second.start, Double(titles[1].count) / style.readingCPS / 2)
        XCTAssertGreaterThanOrEqual(second.end - second.start + 1e-9, 10 / style.readingCPS)
    }

    func testSlowerReadingMakesALongerVideoAndSnapshotsWithNothingNewMoveOn() throws {
        var style = TestScenes.smallStyle()
        style.maxSeconds = 1000
        let fast = Scene(input: try TestScenes.story(), style: style)
        style.readingCPS = 7.5
        let slow = Scene(input: try TestScenes.story(), style: style)
        XCTAssertGreaterThan(slow.pacing.seconds, fast.pacing.seconds * 1.5)
        // Holds: a snapshot with captions holds longer than one with none.
        let holds = zip(fast.pacing.keyFrames, fast.pacing.keyFrames.dropFirst().map { $0 } + [fast.pacing.cardFrame]).map { a, b in
            fast.pacing.frames[a..<b].filter { $0.t == 0 }.count
        }
        let withCaptions = fast.moments.indices.filter { !fast.moments[$0].pages.isEmpty }
        let without = fast.moments.indices.filter { fast.moments[$0].pages.isEmpty }
        XCTAssertFalse(without.isEmpty)
        XCTAssertGreaterThan(withCaptions.map { holds[$0] }.max()!, without.map { holds[$0] }.max()!)
    }

    func testWebVTTHasEveryCueWithItsTimes() {
        let cues = [Cue(kind: .title, start: 0, end: 4.5, text: "A title"), Cue(kind: .caption, start: 61.25, end: 3725.001, text: "x --> y")]
        XCTAssertEqual(Subtitles.webVTT(cues), """
        WEBVTT

        1
        00:00:00.000 --> 00:00:04.500 line:0
        A title

        2
        00:01:01.250 --> 01:02:05.001
        x → y

        """)
    }

    /// With RENDER_KEEP_FRAMES=DIR, writes the story's key frames and the card at 1920×1080 and
    /// 1280×720, light and dark, for a person to look at.
    func testKeepStoryFramesForLooking() throws {
        guard let keep = ProcessInfo.processInfo.environment["RENDER_KEEP_FRAMES"] else { return }
        let input = try TestScenes.story(perClass: 60)
        for (w, h) in [(1920, 1080), (1280, 720)] { for theme in [Style(), Style.dark] {
            var style = theme
            style.width = w; style.height = h; style.thumbnailPoints = 12
            let scene = Scene(input: input, style: style)
            let r = try FrameRenderer(scene: scene)
            for (name, f) in [("s00", scene.pacing.keyFrames[0]), ("s03", scene.pacing.keyFrames[3]), ("s10", scene.pacing.keyFrames[10]),
                              ("s14", scene.pacing.keyFrames[14]), ("card", scene.pacing.cardFrame)] {
                r.draw(scene.pacing.frames[f])
                try PNGEncoder().write("\(keep)/story-\(w)-\(theme.dark ? "dark" : "light")-\(name).png", bgra: r.pixels,
                                       width: r.width, height: r.height, stride: r.stride)
            }
        } }
    }
}
