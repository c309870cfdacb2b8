import XCTest
@testable import Render
@testable import SceneModel

final class FrameTests: XCTestCase {
    /// Expected colour of a dot's centre: class colour with the style's alpha over the background
    /// (the disc mask covers the centre pixel fully).
    func blended(_ c: RGB, over bg: RGB, alpha: Double) -> (Double, Double, Double) {
        let cb = c.bytes, bb = bg.bytes
        func mix(_ a: UInt8, _ b: UInt8) -> Double { Double(a) * alpha + Double(b) * (1 - alpha) }
        return (mix(cb.0, bb.0), mix(cb.1, bb.1), mix(cb.2, bb.2))
    }

    func close(_ p: (r: UInt8, g: UInt8, b: UInt8), _ e: (Double, Double, Double), within t: Double = 3) -> Bool {
        abs(Double(p.r) - e.0) <= t && abs(Double(p.g) - e.1) <= t && abs(Double(p.b) - e.2) <= t
    }

    /// One isolated sample of class 1 (right) at a known place; the others far away.
    func isolatedScene(wrong: Bool, width: Int = 480, height: Int = 270, pointSize: Double = 14) throws -> Scene {
        let labels = [0, 0, 1, 2, 2]
        let xy: [Float] = [-10, -10, -10, 10, 0, 0, 10, 10, 10, -10]
        let predicted = wrong ? [0, 0, 2, 2, 2] : labels
        let input = try RenderInput(classes: ["A", "B", "C"], labels: labels, snapshots: TestScenes.epochs(2),
                                    predictions: [labels, predicted], coordinates: [xy, xy])
        var style = TestScenes.smallStyle(width: width, height: height)
        style.pointSize = pointSize
        return Scene(input: input, style: style)
    }

    func testPointAtKnownPlaceHasItsClassColour() throws {
        let scene = try isolatedScene(wrong: false)
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 0, t: 1))
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let px = Int(dx), py = Int(dy) // sample 2 sits at (0, 0)
        XCTAssertTrue(scale > 0)
        let expected = blended(scene.colors[1], over: scene.style.background, alpha: scene.style.pointAlpha)
        XCTAssertTrue(close(r.pixel(px, py), expected), "\(r.pixel(px, py)) vs \(expected)")
        // Well away from any dot: background.
        let bg = scene.style.background.bytes
        let q = r.pixel(px + 30, py + 3)
        XCTAssertEqual([q.r, q.g, q.b], [bg.0, bg.1, bg.2])
    }

    /// The map's encoding: a picture named right is drawn in its class's colour, one named
    /// wrong in the pale `wrong` tone, and halfway between two snapshots that disagree, halfway
    /// between the two colours. No ring in the guessed class's colour is drawn any more.
    func testAWrongPointIsPaleARightOneHasItsColourAndTheChangeIsBlended() throws {
        for wrong in [false, true] {
            let scene = try isolatedScene(wrong: wrong, width: 1280, height: 720, pointSize: 24)
            let r = try FrameRenderer(scene: scene)
            let (_, dx, dy) = scene.view.transform(into: scene.layout.plot)
            let st = scene.style
            r.draw(FrameTime(from: 0, t: 1))
            let now = wrong ? st.wrong : scene.colors[1]
            XCTAssertTrue(close(r.pixel(Int(dx), Int(dy)), blended(now, over: st.background, alpha: st.pointAlpha)), "\(wrong)")
            r.draw(FrameTime(from: 0, t: 0.5))
            let half = scene.colors[1].mixed(with: now, 0.5)
            XCTAssertTrue(close(r.pixel(Int(dx), Int(dy)), blended(half, over: st.background, alpha: st.pointAlpha), within: 4), "\(wrong)")
            // Just outside the dot: background, not a ring in the guess's colour.
            let bg = st.background.bytes
            let q = r.pixel(Int(dx + r.stamper.diameter / 2 + 4), Int(dy))
            XCTAssertEqual([q.r, q.g, q.b], [bg.0, bg.1, bg.2])
        }
    }

    func testLegendShowsEveryClassNameAndColour() throws {
        let input = try TestScenes.clusters()
        let scene = Scene(input: input, style: TestScenes.smallStyle(width: 1280, height: 720))
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 1, t: 0))
        for name in input.classes {
            XCTAssertTrue(r.texts.contains { $0.text.hasPrefix(name) && scene.layout.classes.contains($0.box) }, name)
        }
        // The colour swatch left of each row.
        let box = scene.layout.classes, u = scene.layout.unit
        let row = min(44 * u, (box.height - 30 * u - 44 * u) / 3)
        for c in 0..<3 {
            let p = r.pixel(Int(box.x + 5 * u), Int(box.y + 30 * u + (Double(c) + 0.5) * row))
            let e = scene.colors[c].bytes
            XCTAssertEqual([p.r, p.g, p.b], [e.0, e.1, e.2])
        }
    }

    func testTextStaysInsideItsBoxesWithoutOverlap() throws {
        for input in [try TestScenes.clusters(), try TestScenes.manyClasses(20)] { try checkText(input) }
    }

    func checkText(_ input: RenderInput) throws {
        if let keep = ProcessInfo.processInfo.environment["RENDER_KEEP_FRAMES"] {
            let r = try FrameRenderer(scene: Scene(input: input, style: TestScenes.smallStyle(width: 1280, height: 720)))
            r.draw(FrameTime(from: 1, t: 1))
            try PNGEncoder().write("\(keep)/text-\(input.classCount).png", bgra: r.pixels, width: r.width, height: r.height, stride: r.stride)
        }
        for (w, h) in [(1280, 720), (1920, 1080)] {
            for theme in [Style(), Style.dark] {
                var style = theme
                style.width = w; style.height = h
                let scene = Scene(input: input, style: style)
                let r = try FrameRenderer(scene: scene)
                let last = input.snapshotCount - 1
                for time in [FrameTime(from: 0, t: 0, page: 0), FrameTime(from: 1, t: 0.5), FrameTime(from: 1, t: 1),
                             FrameTime(from: last, t: 0, page: scene.moments[last].pages.isEmpty ? nil : 0),
                             FrameTime(from: last, t: 0, card: true)] {
                    r.draw(time)
                    XCTAssertGreaterThan(r.texts.count, 10)
                    let frame = Rect(x: 0, y: 0, width: Double(w), height: Double(h))
                    for t in r.texts {
                        XCTAssertTrue(t.container.contains(t.box), "'\(t.text)' \(t.box) outside \(t.container) at \(w)x\(h)")
                        XCTAssertTrue(frame.contains(t.box, tolerance: 0), "'\(t.text)' outside the frame")
                    }
                    for i in 0..<r.texts.count { for j in (i + 1)..<r.texts.count {
                        XCTAssertFalse(r.texts[i].box.intersects(r.texts[j].box),
                                       "'\(r.texts[i].text)' overlaps '\(r.texts[j].text)' at \(w)x\(h)")
                    } }
                }
            }
        }
    }

    func testGalleryPicturesAreCircledInTheMap() throws {
        let input = try TestScenes.manyClasses(4)
        var style = TestScenes.smallStyle(width: 1280, height: 720)
        style.rules.minimumConfusions = 1
        let scene = Scene(input: input, style: style)
        let shown = scene.gallerySamples(at: 2, limit: 8)
        XCTAssertFalse(shown.isEmpty)
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 1, t: 1))
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let i = shown[0]
        let cx = dx + Double(input.coordinates[2][2 * i]) * scale, cy = dy - Double(input.coordinates[2][2 * i + 1]) * scale
        // Somewhere on the outer circle around it: the text colour.
        let mark = scene.style.text.bytes
        let radius = r.galleryStamper.diameter / 2 + 0.7 * max(1.5, 2.2 * scene.layout.unit)
        var found = 0
        for ray in 0..<8 {
            let a = Double(ray) * .pi / 4
            for dr in [-1.0, -0.5, 0, 0.5, 1] {
                let p = r.pixel(Int(cx + (radius + dr) * cos(a)), Int(cy + (radius + dr) * sin(a)))
                if abs(Int(p.r) - Int(mark.0)) < 40 && abs(Int(p.g) - Int(mark.1)) < 40 && abs(Int(p.b) - Int(mark.2)) < 40 { found += 1; break }
            }
        }
        XCTAssertGreaterThanOrEqual(found, 6)
    }

    func testSomePointsAreDrawnAsTheirPictures() throws {
        let input = try TestScenes.clusters(perClass: 20)
        var style = TestScenes.smallStyle(width: 1280, height: 720)
        style.thumbnailPoints = 6
        style.thumbnailSize = 40
        let scene = Scene(input: input, style: style)
        XCTAssertEqual(scene.thumbnailSamples.count, 6)
        XCTAssertEqual(scene.thumbnailSamples.map { input.labels[$0] }.sorted(), [0, 0, 1, 1, 2, 2])
        XCTAssertEqual(Set(scene.thumbnailSamples).count, 6)
        // The picture's pixel values appear at the sample's place (test images are grey ramps).
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 2, t: 0))
        let i = scene.thumbnailSamples[0]
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let side = 40 * scene.layout.unit
        let x = min(scene.layout.plot.maxX - side, max(scene.layout.plot.x, dx + Double(input.coordinates[2][2 * i]) * scale - side / 2))
        let y = min(scene.layout.plot.maxY - side, max(scene.layout.plot.y, dy - Double(input.coordinates[2][2 * i + 1]) * scale - side / 2))
        // Pixel (0, 0) of the test image is (l*60) % 256 grey, drawn into the top-left corner.
        let p = r.pixel(Int(x + side * 0.06) + 1, Int(y + side * 0.06) + 1)
        let grey = Int((input.labels[i] * 60) % 256)
        XCTAssertEqual(Int(p.r), grey, accuracy: 40); XCTAssertEqual(p.r, p.g); XCTAssertEqual(p.g, p.b)
        style.thumbnailPoints = 0
        XCTAssertTrue(Scene(input: input, style: style).thumbnailSamples.isEmpty)
    }

    func testTitleCountsPassesForVersion1FilesFromTheNearestSnapshot() throws {
        let input = try TestScenes.clusters()
        let scene = Scene(input: input, style: TestScenes.smallStyle())
        let r = try FrameRenderer(scene: scene)
        r.draw(FrameTime(from: 0, t: 0.7))
        let acc = Int((scene.history.accuracy[1] * 100).rounded())
        XCTAssertEqual(r.texts.first?.text, "After one round of practice: \(acc) % right")
        r.draw(FrameTime(from: 1, t: 0.7))
        XCTAssertTrue(r.texts.first?.text.hasPrefix("After 2 rounds of practice") ?? false)
        r.draw(FrameTime(from: 0, t: 0.2))
        XCTAssertTrue(r.texts.first?.text.hasPrefix("Before any practice: 25 % right; ") ?? false, r.texts.first?.text ?? "")
        XCTAssertFalse(r.texts.contains { $0.text.lowercased().contains("epoch") && !$0.text.hasPrefix("Details") })
    }

    /// The key says the colour rule in one short line each, with a swatch, and names the shared
    /// tone only when some classes have no colour of their own.
    func testKeyNamesTheColourRuleAndTheSharedToneOnlyWhenUsed() throws {
        for count in [3, 14] {
            let scene = Scene(input: try TestScenes.manyClasses(count), style: TestScenes.smallStyle(width: 1280, height: 720))
            let r = try FrameRenderer(scene: scene)
            r.draw(FrameTime(from: 1, t: 0))
            let w = scene.words
            XCTAssertTrue(r.texts.contains { $0.text == scene.withKind(w.keyRight) }); XCTAssertTrue(r.texts.contains { $0.text == w.keyWrong })
            XCTAssertEqual(r.texts.contains { $0.text == scene.withKind(w.keyOther) }, count > 10, "\(count)")
            XCTAssertFalse(r.texts.contains { $0.text.hasPrefix("Ring") })
        }
    }

    func testSameSceneGivesSameBytes() throws {
        let scene = Scene(input: try TestScenes.clusters(), style: TestScenes.smallStyle())
        let a = try FrameRenderer(scene: scene), b = try FrameRenderer(scene: scene)
        a.draw(FrameTime(from: 0, t: 0.4)); b.draw(FrameTime(from: 0, t: 0.4))
        let n = a.stride * a.height
        XCTAssertEqual(Array(UnsafeBufferPointer(start: a.pixels, count: n)), Array(UnsafeBufferPointer(start: b.pixels, count: n)))
    }

    /// A tiny fixed scene compared with the committed golden image: at most 0.2% of the colour
    /// values may differ by more than 24 levels and the mean difference must stay ≤ 0.5 (room
    /// for small font-rendering changes). The same comparison must reject the scene with its
    /// dots half as opaque, so it is sensitive to the dots and not just to the text.
    func testGoldenImageOfTinyScene() throws {
        func render(alpha: Double) throws -> [UInt8] {
            var style = TestScenes.smallStyle(width: 480, height: 270)
            style.pointSize = 16
            style.pointAlpha = alpha
            let r = try FrameRenderer(scene: Scene(input: try TestScenes.clusters(), style: style))
            r.draw(FrameTime(from: 2, t: 0, page: 0))
            let dir = TemporaryDirectory(); defer { dir.cleanup() }
            try PNGEncoder().write(dir.file("tiny.png"), bgra: r.pixels, width: r.width, height: r.height, stride: r.stride)
            if alpha == 0.75 { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "golden-tiny.png")
                try FileManager.default.copyItem(atPath: dir.file("tiny.png"), toPath: NSTemporaryDirectory() + "golden-tiny.png") }
            return try XCTUnwrap(TestScenes.readPNG(dir.file("tiny.png"))).2
        }
        func matches(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            guard a.count == b.count else { return false }
            var sum = 0, off = 0
            for i in 0..<a.count where i % 4 != 3 {
                let d = abs(Int(a[i]) - Int(b[i]))
                sum += d
                if d > 24 { off += 1 }
            }
            let channels = Double(a.count / 4 * 3)
            return Double(sum) / channels <= 0.5 && Double(off) / channels <= 0.002
        }
        guard let path = Bundle.module.path(forResource: "golden-tiny", ofType: "png", inDirectory: "Fixtures") else {
            _ = try render(alpha: 0.75)
            return XCTFail("Tests/RenderTests/Fixtures/golden-tiny.png missing; look at \(NSTemporaryDirectory())golden-tiny.png and copy it there")
        }
        let golden = try XCTUnwrap(TestScenes.readPNG(path))
        XCTAssertEqual(golden.0, 480); XCTAssertEqual(golden.1, 270)
        XCTAssertTrue(matches(golden.2, try render(alpha: 0.75)))
        XCTAssertFalse(matches(golden.2, try render(alpha: 0.375)))
    }
}
