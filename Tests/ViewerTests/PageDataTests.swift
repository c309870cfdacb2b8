import Artifacts
import Foundation
import Render
import Support
import XCTest
@testable import Viewer

final class PageDataTests: XCTestCase {
    let snapshots: [Snapshot] = (0..<4).map { (k: Int) -> Snapshot in
        Snapshot(step: nil, imagesSeen: Int64(k) * 640, epoch: Double(k) * 0.25, epochEnd: k == 0)
    }

    func parsed(_ scene: Scene) throws -> JSONValue {
        try JSONParser.parse(PageData(scene: scene, snapshots: snapshots).scriptText, source: "page data")
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

    func testWordsAndFiguresAreTheFrames() throws {
        var style = Style.dark
        style.templates.kind = "kind of garment"
        style.templates.title = "Moment {epoch}: {accuracy} right"
        let scene = Scene(input: try ViewerFixtures.input(), style: style)
        let data = try parsed(scene)
        let s = scene.input.epochCount
        XCTAssertEqual(array(data["titles"]).compactMap(string),
                       [scene.fill(style.templates.titleUntrained, epoch: 0)] + (1..<s).map { scene.fill(style.templates.title, epoch: $0) })
        XCTAssertEqual(string(array(data["titles"]).last), "Moment 3: \(Int((scene.history.accuracy[3] * 100).rounded()))% right")
        XCTAssertEqual(array(data["key"]).compactMap(string)[1], "Colour: the true kind of garment of the picture")
        XCTAssertEqual(string(data["kind"]), "kind of garment")
        for e in 0..<s {
            XCTAssertEqual(array(array(data["captions"])[e]).compactMap(string), scene.captions(at: e).map(\.text))
            XCTAssertEqual(number(array(data["accuracy"])[e])!, scene.history.accuracy[e], accuracy: 5e-5)
            XCTAssertEqual(array(array(data["classAccuracy"])[e]).compactMap(number).count, 3)
            let gallery = array(data["gallery"])[e]
            XCTAssertEqual(array(gallery["samples"]).compactMap(number).map { Int($0) }, scene.gallerySamples(at: e, limit: 8))
        }
        XCTAssertFalse(scene.captions.isEmpty, "the fixture produces captions, so the comparison above is not vacuous")
        XCTAssertEqual(array(data["colors"]).compactMap(string), ["#e69f00", "#56b4e9", "#009e73"])
        XCTAssertEqual(string(data["style"]?["background"]), hex(Style.dark.background))
        XCTAssertEqual(data["style"]?["dark"], .bool(true))
        XCTAssertEqual(array(data["snapshots"])[1]["seen"], .number(640))
        XCTAssertEqual(array(data["snapshots"])[2]["epoch"], .number(0.5))
    }

    func testScriptTextCannotCloseItsElement() throws {
        let text = try PageData(scene: Scene(input: ViewerFixtures.input(), style: Style()), snapshots: snapshots).scriptText
        XCTAssertFalse(text.contains("<"))
        XCTAssertTrue(text.contains("\\u003c/script>\\u003cb>Bag"))
    }

    func testATimeAxisOfAnotherLengthIsRefused() throws {
        let scene = Scene(input: try ViewerFixtures.input(), style: Style())
        XCTAssertThrowsError(try PageData(scene: scene, snapshots: Array(snapshots.prefix(3)))) { error in
            XCTAssertTrue("\(error)".contains("3 snapshots but the render input has 4"), "\(error)")
        }
    }
}
