import Foundation
import XCTest
@testable import Render
@testable import SceneModel
import Viewer

/// Any class count gives a video and a page with no style edit: 2, 20, 100 and 1,000 classes,
/// the shipped light style at a small size.
final class ClassCountTests: XCTestCase {
    func testTwoTwentyAHundredAndAThousandClassesEachGiveAVideoAndAPage() throws {
        let dir = TemporaryDirectory(); defer { dir.cleanup() }
        for count in [2, 20, 100, 1000] {
            var style = Style()
            style.width = 640; style.height = 360; style.fps = 5; style.inbetween = 1
            style.holdStart = 0.2; style.holdSnapshot = 0.2; style.holdEnd = 0.4; style.readingCPS = 100
            let scene = Scene(input: try TestScenes.manyClasses(count), style: style)
            let video = dir.file("classes-\(count).mp4"), page = dir.file("classes-\(count).html")
            try VideoRenderer(scene: scene).render(RenderOutputs(video: video, threads: 2))
            try InteractivePage.write(scene: scene, to: page)
            let videoBytes = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: video)[.size] as? Int)
            XCTAssertGreaterThan(videoBytes, 1000, "\(count) classes")
            let html = try String(contentsOfFile: page, encoding: .utf8)
            XCTAssertTrue(html.contains(scene.input.classes[count - 1]), "\(count) classes: the last name is in the page")
            XCTAssertLessThanOrEqual(scene.featured.count, 10)
            XCTAssertEqual(scene.featured.count, min(count, 10))
        }
    }
}
