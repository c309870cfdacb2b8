import XCTest
@testable import Support

/// The schema recorded from a reader says what the reader accepts, declared once in its calls.
final class ConfigSchemaTests: XCTestCase {
    /// A reader with two kinds: "a" needs `size`, "b" takes an optional `path` and a nested object.
    func read(_ json: JSONValue) throws {
        let c = try ConfigObject(json, file: "x.json")
        let kind = try c.string("kind", default: "a", oneOf: ["a", "b"])
        _ = try c.double("rate", default: 0.5, min: 0, max: 1, exclusiveMin: true)
        if kind == "a" {
            _ = try c.int("size", min: 1, max: 64)
        } else {
            _ = try c.filePath("path")
            if let inner = try c.object("inner") {
                _ = try inner.bool("on", default: true)
                try inner.finish()
            }
        }
        if c.has("limit") { _ = try c.int("limit", min: 2) }
        try c.finish()
    }

    func testSchemaIsRecordedFromEveryBranch() throws {
        let sample = try JSONParser.parse(#"{"kind": "a", "size": 3}"#, source: "x.json")
        let schema = ConfigSchema.record(samples: [sample]) { try read($0) }.schema(title: "t")
        let properties = try XCTUnwrap(schema["properties"])
        XCTAssertEqual(schema["additionalProperties"], .bool(false))
        XCTAssertEqual(properties["kind"], try JSONParser.parse(#"{"type": "string", "enum": ["a", "b"], "default": "a"}"#, source: "e"))
        XCTAssertEqual(properties["rate"], try JSONParser.parse(#"{"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": 0.5}"#, source: "e"))
        XCTAssertEqual(properties["size"], try JSONParser.parse(#"{"type": "integer", "minimum": 1, "maximum": 64}"#, source: "e"))
        XCTAssertEqual(properties["limit"], try JSONParser.parse(#"{"type": "integer", "minimum": 2}"#, source: "e"))
        XCTAssertEqual(properties["path"]?["description"], .string("a path; relative paths are relative to this file"))
        XCTAssertEqual(properties["inner"]?["properties"]?["on"], try JSONParser.parse(#"{"type": "boolean", "default": true}"#, source: "e"))
        XCTAssertEqual(properties["inner"]?["additionalProperties"], .bool(false))
        XCTAssertNil(schema["required"], "size is required by kind a only, so not by the schema")
        XCTAssertNil(ConfigSchema.active, "recording ends with record")
        XCTAssertThrowsError(try read(try JSONParser.parse(#"{"kind": "a"}"#, source: "x.json")), "outside recording a missing key fails")
    }
}
