import Artifacts
import Foundation
import SceneModel
import Support
import XCTest
@testable import Viewer

final class PageDataTests: XCTestCase {
    func parsed(_ scene: Scene) throws -> JSONValue {
        try JSONParser.parse(PageData(scene: scene).scriptText, source: "page data")
    }
    func string(_ v: JSONValue?) -> String? { if case .string(let s)? = v { return s }; return nil }
    func number(_ v: JSONValue?) -> Double? { if case .number(let x)? = v { return x }; return nil }
    func array(_ v: JSONValue?) -> [JSONValue] { if case .array(let a)? = v { return a }; return [] }

    func testIndicesAndCoordinatesDecodeToTheScene() throws {
        let input = try ViewerFixtures.input()
        let scene = Scene(input: input, style: Style())
        let data = try parsed(scene)
        XCTAssertEqual(number(data["indexBytes"]), 1)
        XCTAssertEqual([UInt8](Data(base64Encoded: string(data["labels"])!)!), input.labels.map { UInt8($0) })
        XCTAssertEqual([UInt8](Data(base64Encoded: string(data["guesses"])!)!), input.predictions.flatMap { $0 }.map { UInt8($0) })
        let raw = [UInt8](Data(base64Encoded: string(data["coords"]?["data"])!)!)
        let box = array(data["coords"]?["box"]).compactMap(number)
        let flat = input.coordinates.flatMap { $0 }
        XCTAssertEqual(raw.count, 2 * flat.count)
        for (i, v) in flat.enumerated() {
            let q = Double(UInt16(raw[2 * i]) | UInt16(raw[2 * i + 1]) << 8)
            let (lo, hi) = i % 2 == 0 ? (box[0], box[1]) : (box[2], box[3])
            XCTAssertEqual(lo + q / 65534 * (hi - lo), Double(v), accuracy: (hi - lo) / 65534, "coordinate \(i)")
        }
        XCTAssertEqual(array(data["view"]).compactMap(number), [scene.view.minX, scene.view.maxX, scene.view.minY, scene.view.maxY])
    }

    func testWordsAndFiguresAreTheScenes() throws {
        var style = Style.dark
        style.templates.kind = "kind of garment"
        style.templates.title = "Moment {when}: {accuracy} right"
        style.templates.rowCount = "{right}/{size}"
        let scene = Scene(input: try ViewerFixtures.input(), style: style)
        let data = try parsed(scene)
        let s = scene.input.snapshotCount
        XCTAssertEqual(array(data["titles"]).compactMap(string), scene.moments.map(\.title))
        XCTAssertEqual(string(array(data["titles"]).last), "Moment \(scene.time.long[3]): \(Int((scene.history.accuracy[3] * 100).rounded())) % right")
        XCTAssertEqual(array(data["details"]).compactMap(string), scene.moments.map(\.details))
        XCTAssertEqual(array(data["when"]).compactMap(string), scene.time.long)
        // The key's colour lines are the scene's, with their swatches.
        XCTAssertEqual(array(data["key"]).map { array($0).compactMap(string) }, scene.keyColours.map { [hex($0.colour), $0.text] })
        XCTAssertEqual(string(array(array(data["key"]).first).last), "Colour of its kind of garment: named right")
        XCTAssertEqual(array(data["labelNames"]).compactMap(string), scene.input.classes)
        XCTAssertEqual(data["groupOf"], .null)
        // One rule for dot sizes: the page's radius is the frames' at 1080 rows.
        XCTAssertEqual(number(data["style"]?["dotRadius"]), scene.style.pointSize / 2)
        XCTAssertEqual(string(data["style"]?["wrong"]), "#" + [scene.style.wrong.bytes.0, scene.style.wrong.bytes.1, scene.style.wrong.bytes.2].map { String(format: "%02x", $0) }.joined())
        XCTAssertEqual(string(data["words"]?["tableTitle"]), "Right now, by kind of garment")
        XCTAssertEqual(string(data["kind"]), "kind of garment")
        for e in 0..<s {
            let m = scene.moments[e]
            XCTAssertEqual(array(array(data["captions"])[e]).compactMap(string), m.pages.flatMap { $0.map(\.text) })
            XCTAssertEqual(number(array(data["accuracy"])[e])!, scene.history.accuracy[e], accuracy: 5e-5)
            let rows = array(array(data["rows"])[e])
            XCTAssertEqual(rows.map { string($0["count"]) }, m.rows.map(\.countText))
            XCTAssertEqual(rows.map { string($0["count"]) }, (0..<3).map { "\(scene.history.classRight[e][$0])/20" })
            XCTAssertEqual(rows.map { string($0["change"]) }, m.rows.map(\.changeText))
            let gallery = array(data["gallery"])[e]
            XCTAssertEqual(array(gallery["samples"]).compactMap(number).map { Int($0) }, scene.gallerySamples(at: e))
            XCTAssertEqual(string(gallery["title"]), m.gallery.flatMap { $0.samples.isEmpty ? nil : $0.title })
        }
        // Sample i of class c is wrong while i < 12 − 2s: 12, 10, 8, 6 right of 20 → ▲ 10 points each step.
        XCTAssertEqual(string(array(array(data["rows"])[1])[0]["change"]), "▲ 10")
        XCTAssertFalse(scene.captions.isEmpty, "the fixture produces captions, so the comparison above is not vacuous")
        XCTAssertEqual(array(data["summary"]?["lines"]).compactMap(string), scene.summary.lines)
        XCTAssertFalse(scene.summary.lines.isEmpty)
        XCTAssertEqual(array(data["colors"]).compactMap(string), scene.colors.map(hex))
        XCTAssertEqual(string(data["style"]?["background"]), hex(Style.dark.background))
        XCTAssertEqual(string(data["style"]?["better"]), hex(Style.dark.better))
        XCTAssertEqual(data["style"]?["dark"], .bool(true))
        XCTAssertEqual(array(data["snapshots"])[1]["seen"], .number(640))
        XCTAssertEqual(array(data["snapshots"])[2]["epoch"], .number(0.5))
    }

    func testScriptTextCannotCloseItsElement() throws {
        let text = PageData(scene: Scene(input: try ViewerFixtures.input(), style: Style())).scriptText
        XCTAssertFalse(text.contains("<"))
        XCTAssertTrue(text.contains("\\u003c/script>\\u003cb>Bag"))
    }
}
