import Artifacts
import Foundation
import SceneModel
import Support
import XCTest
@testable import Viewer

final class InteractivePageTests: XCTestCase {
    func testThePageIsSelfContained() throws {
        let html = try InteractivePage.html(scene: Scene(input: ViewerFixtures.input(), style: Style()))
        XCTAssertFalse(html.contains("{{"), "every placeholder is filled")
        for reference in ["http:", "https:", "src=\"", "href=", "url(", "@import", "fetch(", "XMLHttpRequest"] {
            XCTAssertFalse(html.contains(reference), "the page refers to something outside itself: \(reference)")
        }
        XCTAssertTrue(html.contains("default-src 'none'"), "the page forbids itself any request")
        XCTAssertTrue(html.contains("\"sheets\":[\"data:image/webp;base64,UklGR"), "the atlas is embedded as a WebP")
        XCTAssertEqual(html.components(separatedBy: "<script").count - 1, 3, "words, data and code")
    }

    func testWrittenThroughAPartialFile() throws {
        let dir = NSTemporaryDirectory() + "viewer-tests-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out/timelapse.html"
        let scene = Scene(input: try ViewerFixtures.input(), style: Style())
        try InteractivePage.write(scene: scene, to: path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), try InteractivePage.html(scene: scene))
        XCTAssertFalse(FileManager.default.fileExists(atPath: AtomicOutput.partialPath(for: path)))
        try "".write(toFile: dir + "/blocker", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try InteractivePage.write(scene: scene, to: dir + "/blocker/bad.html"), "a file where a folder should be")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(), ["blocker", "out"], "nothing left by the refused page")
    }

    /// WCAG 2.1 contrast: (L1 + 0.05) / (L2 + 0.05) of relative luminances (sRGB linearised).
    func contrast(_ a: RGB, _ b: RGB) -> Double {
        func channel(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        func luminance(_ c: RGB) -> Double {
            let (r, g, b) = c.bytes
            return 0.2126 * channel(Double(r) / 255) + 0.7152 * channel(Double(g) / 255) + 0.0722 * channel(Double(b) / 255)
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    func testContrastCheckerMatchesKnownValues() {
        XCTAssertEqual(contrast(RGB(0, 0, 0), RGB(1, 1, 1)), 21, accuracy: 1e-9)
        XCTAssertEqual(contrast(RGB(hex: "#767676")!, RGB(1, 1, 1)), 4.54, accuracy: 0.01)
    }

    /// The page writes text and muted text on the background and on the highlighted row: every
    /// shipped style and both built-in themes meet WCAG AA (4.5:1 for normal text).
    func testShippedStylesMeetAAContrast() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("configs/render").path
        var styles = [("light built-in", Style()), ("dark built-in", Style.dark)]
        for file in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where file.hasSuffix(".json") {
            styles.append((file, try Style.load(dir + "/" + file)))
        }
        XCTAssertGreaterThan(styles.count, 3)
        for (name, s) in styles {
            XCTAssertGreaterThanOrEqual(contrast(s.text, s.background), 4.5, "\(name): text")
            XCTAssertGreaterThanOrEqual(contrast(s.muted, s.background), 4.5, "\(name): muted text")
            XCTAssertGreaterThanOrEqual(contrast(s.text, s.highlight), 4.5, "\(name): text on the highlighted row")
        }
    }
}
