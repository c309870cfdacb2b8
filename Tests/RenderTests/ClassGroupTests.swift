import Foundation
import Support
import XCTest
@testable import Render
@testable import SceneModel
import Viewer

/// Classes mapped to at most 20 groups (the style's `groups` or `groups_file`): dots take their
/// group's colour, the map's labels and the key name the groups, the captions still speak of
/// classes; a bad mapping is a bad input naming the key and the value.
final class ClassGroupTests: XCTestCase {
    var dir: TemporaryDirectory!
    override func setUp() { dir = TemporaryDirectory() }
    override func tearDown() { dir.cleanup() }

    /// 100 classes "Class number k …", group g holding classes 5g ..< 5g + 5.
    static let groups: [(String, [String])] = (0..<20).map { g in
        ("Group \(g)", (5 * g ..< 5 * g + 5).map { "Class number \($0) with a rather long name" })
    }

    func style(_ json: String, named name: String = "style.json") throws -> Style {
        let path = dir.file(name)
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        return try Style.load(path)
    }

    func groupsJSON(_ groups: [(String, [String])]) -> String {
        JSONValue.object(groups.map { ($0.0, .array($0.1.map { .string($0) })) }).serialized()
    }

    func testAHundredClassesInTwentyGroupsGiveAVideoAndAPageColouredByGroup() throws {
        var style = try self.style(#"{"groups": \#(groupsJSON(Self.groups))}"#)
        style.width = 640; style.height = 360; style.fps = 5; style.inbetween = 1
        style.holdStart = 0.2; style.holdSnapshot = 0.2; style.holdEnd = 0.4; style.readingCPS = 100
        let input = try TestScenes.manyClasses(100)
        let scene = Scene(input: input, style: style)
        XCTAssertEqual(scene.groupOf, (0..<100).map { $0 / 5 })
        // One colour per group, twenty different ones, the same for every class of a group.
        for c in 0..<100 { XCTAssertEqual(scene.colors[c], scene.colors[5 * (c / 5)], "class \(c)") }
        XCTAssertEqual(Set((0..<20).map { "\(scene.colors[5 * $0].bytes)" }).count, 20)
        XCTAssertEqual(scene.labelColors, (0..<20).map { scene.colors[5 * $0] })
        // Dots are still grey while wrong.
        XCTAssertEqual(scene.dots.wrong, style.wrong)
        // The labels and the key name groups; the captions and the table still speak of classes.
        XCTAssertEqual(scene.labelNames, Self.groups.map(\.0))
        XCTAssertFalse(scene.labels.joined().isEmpty)
        XCTAssertTrue(scene.labels.joined().allSatisfy { $0.text == Self.groups[$0.index].0 })
        XCTAssertEqual(scene.keyColours.map(\.text), ["Colour of its group: named right", "Grey: named wrong"])
        XCTAssertTrue(scene.guide.screens.last!.text.contains("colour of its group"), scene.guide.screens.last!.text)
        XCTAssertFalse(scene.captions.isEmpty)
        for caption in scene.captions {
            guard let c = caption.classIndex else { continue }
            XCTAssertTrue(caption.text.contains(input.classes[c]), caption.text)
            XCTAssertFalse(Self.groups.contains { caption.text.contains($0.0 + " ") || caption.text.hasSuffix($0.0) }, caption.text)
        }
        XCTAssertEqual(scene.moments[0].rows.map(\.name), input.classes)
        let drawn = Set(try TestScenes.keyFrameTexts(scene).map(\.text))
        XCTAssertTrue(drawn.contains("Colour of its group: named right"), "key")
        XCTAssertTrue(Self.groups.contains { drawn.contains($0.0) }, "a group's label is drawn: \(drawn.sorted().prefix(20))")
        // The font check covers the groups' names too.
        XCTAssertTrue(Set(scene.texts).isSuperset(of: Self.groups.map(\.0)))

        let video = dir.file("groups.mp4"), page = dir.file("groups.html")
        try VideoRenderer(scene: scene).render(RenderOutputs(video: video, threads: 2))
        try InteractivePage.write(scene: scene, to: page)
        XCTAssertGreaterThan(try XCTUnwrap(FileManager.default.attributesOfItem(atPath: video)[.size] as? Int), 1000)
        let html = try String(contentsOfFile: page, encoding: .utf8)
        XCTAssertTrue(html.contains(#""labelNames":["Group 0","Group 1""#))
        XCTAssertTrue(html.contains(#""groupOf":[0,0,0,0,0,1,"#))
    }

    func testGroupsFromAFileBesideTheStyle() throws {
        try #"{"groups": \#(groupsJSON(Self.groups))}"#.write(toFile: dir.file("cifar-groups.json"), atomically: true, encoding: .utf8)
        let style = try self.style(#"{"groups_file": "cifar-groups.json"}"#)
        XCTAssertEqual(style.groups?.names, Self.groups.map(\.0))
        XCTAssertEqual(style.groups?.members.first?.count, 5)
        XCTAssertNil(try self.style("{}").groups)
    }

    func testABadMappingIsABadInputNamingTheKeyAndTheValue() throws {
        let twentyOne = (0..<21).map { ("G\($0)", ["Class number \($0) with a rather long name"]) }
        let twice = [("Vehicles", ["bus", "truck"]), ("Big things", ["truck"])]
        try #"{"sets": {}}"#.write(toFile: dir.file("no-groups.json"), atomically: true, encoding: .utf8)
        let cases: [(String, String)] = [
            (#"{"groups": \#(groupsJSON(twentyOne))}"#, #"style.json: $.groups: expected at most 20 entries, got 21: "G0", "G1""#),
            (#"{"groups": \#(groupsJSON(twice))}"#, #"style.json: $.groups.Big things: class "truck" is already in group "Vehicles""#),
            (#"{"groups": {"Empty": []}}"#, "style.json: $.groups.Empty: the group names no class"),
            (#"{"groups": {"Vehicles": "bus"}}"#, #"style.json: $.groups.Vehicles: expected an array of strings, got "bus""#),
            (#"{"groups": {}}"#, "style.json: $.groups: expected at least one group, got none"),
            (#"{"groups": {"A": ["bus"]}, "groups_file": "x.json"}"#, "style.json: $.groups_file: give either groups"),
            (#"{"groups_file": "no-groups.json"}"#, "no-groups.json: $.groups: missing"),
        ]
        for (json, needle) in cases {
            XCTAssertThrowsError(try style(json), json) { e in
                XCTAssertEqual((e as? ToolError)?.kind, .badInput, json)
                XCTAssertTrue("\(e)".contains(needle), "\(json): \(e)")
            }
        }
        // Checked against the recording's classes: an unknown name, a class left out.
        let classes = try TestScenes.manyClasses(100).classes
        var wrongName = Self.groups
        wrongName[3].1[2] = "Class number 17 with a rather short name"
        let left = Array(Self.groups.dropLast())
        for (groups, needle) in [
            (wrongName, #"style.json: $.groups.Group 3: no class is named "Class number 17 with a rather short name" in this recording (its 100 classes: "Class number 0"#),
            (left, #"style.json: $.groups: every class needs a group; 5 have none: "Class number 95 with a rather long name""#),
        ] {
            let grouped = try style(#"{"groups": \#(groupsJSON(groups))}"#)
            XCTAssertThrowsError(try grouped.groups!.indices(classes: classes)) { e in
                XCTAssertEqual((e as? ToolError)?.kind, .badInput)
                XCTAssertTrue("\(e)".contains(needle), "\(e)")
            }
        }
    }
}
