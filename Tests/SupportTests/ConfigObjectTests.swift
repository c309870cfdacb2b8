import XCTest
@testable import Support

final class ConfigObjectTests: XCTestCase {
    func object(_ text: String) throws -> ConfigObject {
        try ConfigObject(try JSONParser.parse(text, source: "c.json"), file: "c.json")
    }

    func testReadsTypedValuesAndDefaults() throws {
        let c = try object(#"{"epochs": 3, "lr": 0.001, "name": "x", "on": true, "list": [1, 2]}"#)
        XCTAssertEqual(try c.int("epochs"), 3)
        XCTAssertEqual(try c.double("lr"), 0.001)
        XCTAssertEqual(try c.string("name"), "x")
        XCTAssertEqual(try c.bool("on"), true)
        XCTAssertEqual(try c.ints("list"), [1, 2])
        XCTAssertEqual(try c.int("missing", default: 7), 7)
        XCTAssertNoThrow(try c.finish())
    }

    func testUnknownKeyNamesFilePathAndSuggestion() throws {
        let c = try object(#"{"optimizer": {"learnig_rate": 0.1}}"#)
        let o = try XCTUnwrap(try c.object("optimizer"))
        _ = try o.double("learning_rate", default: 0.01)
        XCTAssertThrowsError(try o.finish()) { e in
            let m = (e as! ToolError).message
            XCTAssertTrue(m.hasPrefix("c.json: $.optimizer: unknown key 'learnig_rate'"), m)
            XCTAssertTrue(m.contains("did you mean 'learning_rate'"), m)
        }
    }

    func testWrongTypeAndRangeNameTheValue() throws {
        let c = try object(#"{"lr": "fast", "epochs": 0, "kind": "adamw"}"#)
        XCTAssertThrowsError(try c.double("lr")) {
            XCTAssertEqual(($0 as! ToolError).message, #"c.json: $.lr: expected a number, got "fast""#)
        }
        XCTAssertThrowsError(try c.int("epochs", min: 1)) {
            XCTAssertEqual(($0 as! ToolError).message, "c.json: $.epochs: expected an integer >= 1, got 0")
        }
        XCTAssertThrowsError(try c.string("kind", oneOf: ["sgd", "adam"])) {
            XCTAssertTrue(($0 as! ToolError).message.contains("did you mean 'adam'"))
        }
    }

    func testParserReportsLineAndColumn() {
        XCTAssertThrowsError(try JSONParser.parse("{\n  \"a\": 1,\n  \"a\": 2\n}", source: "f.json")) {
            XCTAssertEqual(($0 as! ToolError).message, "f.json:3:3: invalid JSON: duplicate key 'a'")
        }
        XCTAssertThrowsError(try JSONParser.parse("[1, 2", source: "f.json"))
    }

    func testSerializationRoundTripsAndSortsKeys() throws {
        let text = #"{"b": [1, 2.5, "x\n\"y\""], "a": {"z": null, "t": true}}"#
        let v = try JSONParser.parse(text, source: "t")
        XCTAssertEqual(try JSONParser.parse(v.serialized(), source: "t"), v)
        XCTAssertEqual(try JSONParser.parse(v.serialized(indent: 2), source: "t"), v)
        XCTAssertEqual(v.serialized(sortedKeys: true), #"{"a":{"t":true,"z":null},"b":[1,2.5,"x\n\"y\""]}"#)
    }

    func testClosestMatch() {
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(closestMatch(to: "n_neigbors", in: ["n_neighbors", "min_dist"]), "n_neighbors")
        XCTAssertNil(closestMatch(to: "zzz", in: ["n_neighbors", "min_dist"]))
        XCTAssertEqual(closestMatch(to: "widht", in: ["width", "height"]), "width")
    }
}
