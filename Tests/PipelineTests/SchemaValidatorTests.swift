import Support
import XCTest
@testable import Pipeline

final class SchemaValidatorTests: XCTestCase {
    let schema = #"""
    {"type": "object", "additionalProperties": false, "required": ["epochs"],
     "properties": {
       "epochs": {"type": "integer", "minimum": 1},
       "learning_rate": {"type": "number", "exclusiveMinimum": 0},
       "optimizer": {"enum": ["sgd", "adam"]},
       "layers": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/layer"}},
       "classes": {"anyOf": [{"type": "string", "enum": ["mnist", "fashion-mnist"]}, {"type": "array", "items": {"type": "string"}}]},
       "groups": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, "maxProperties": 2}
     },
     "$defs": {"layer": {"type": "object", "additionalProperties": false, "required": ["type"],
                         "properties": {"type": {"enum": ["conv2d", "dense"]}, "units": {"type": "integer", "minimum": 1}}}}}
    """#

    func issues(_ doc: String) throws -> [String] {
        let v = try SchemaValidator(schema: try JSONParser.parse(schema, source: "s.json"), schemaFile: "s.json")
        return v.validate(try JSONParser.parse(doc, source: "d.json")).map(\.description)
    }

    func testValidDocumentHasNoIssues() throws {
        XCTAssertEqual(try issues(#"{"epochs": 3, "learning_rate": 0.1, "optimizer": "adam", "layers": [{"type": "dense", "units": 10}], "classes": ["a"]}"#), [])
    }

    func testMessagesNamePathValueAndExpectation() throws {
        XCTAssertEqual(try issues(#"{"epochs": 0}"#), ["$.epochs: expected a number >= 1, got 0"])
        XCTAssertEqual(try issues(#"{"epochs": 2.5}"#), ["$.epochs: expected an integer, got 2.5"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "learning_rate": 0}"#), ["$.learning_rate: expected a number > 0, got 0"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "optimizer": "adan"}"#), [#"$.optimizer: expected one of "sgd", "adam", got "adan" (did you mean 'adam'?)"#])
        XCTAssertEqual(try issues(#"{}"#), ["$: missing required key 'epochs'"])
    }

    func testUnknownKeySuggestsClosest() throws {
        let found = try issues(#"{"epochs": 1, "learnig_rate": 0.1}"#)
        XCTAssertEqual(found, ["$: unknown key 'learnig_rate' (did you mean 'learning_rate'?); expected one of epochs, learning_rate, optimizer, layers, classes, groups"])
    }

    func testRefItemsAndAnyOf() throws {
        XCTAssertEqual(try issues(#"{"epochs": 1, "layers": [{"type": "dense"}, {"type": "dense", "unit": 3}]}"#),
                       ["$.layers[1]: unknown key 'unit' (did you mean 'units'?); expected one of type, units"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "layers": []}"#), ["$.layers: expected at least 1 items, got 0"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "classes": "mnst"}"#), [#"$.classes: expected one of "mnist", "fashion-mnist", got "mnst" (did you mean 'mnist'?)"#])
        XCTAssertEqual(try issues(#"{"epochs": 1, "classes": [1]}"#), ["$.classes[0]: expected a string, got 1"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "classes": 5}"#), [#"$.classes: expected one of "mnist", "fashion-mnist" or an array, got 5"#])
    }

    /// An object of any keys, each a list (the render style's `groups`), with at most so many keys.
    func testAnObjectOfListsWithAtMostSoManyEntries() throws {
        XCTAssertEqual(try issues(#"{"epochs": 1, "groups": {"a": ["x"], "b": []}}"#), [])
        XCTAssertEqual(try issues(#"{"epochs": 1, "groups": {"a": ["x"], "b": [], "c": ["y"]}}"#), ["$.groups: expected at most 2 entries, got 3"])
        XCTAssertEqual(try issues(#"{"epochs": 1, "groups": {"a": "x"}}"#), [#"$.groups.a: expected an array, got "x""#])
    }
}

final class ConfigValidationTests: XCTestCase {
    func testValidateNamesFileAndChecksResolvedPipelineConfigs() throws {
        let p = try FakeProject(self)
        try p.write(#"{"type": "object", "additionalProperties": false, "properties": {"epochs": {"type": "integer", "minimum": 1}, "dataset": {"type": "object"}, "optimizer": {"type": "object"}}}"#, "schemas/train.schema.json")
        try p.write(#"{"type": "object", "properties": {"neighbors": {"type": "integer"}, "layer": {"type": "string"}}, "additionalProperties": false}"#, "schemas/embed.schema.json")
        try p.write(#"{"type": "object", "properties": {"theme": {"enum": ["light", "dark"]}, "fps": {"type": "integer"}}, "additionalProperties": false}"#, "schemas/render.schema.json")
        try p.write(#"{"type": "object", "required": ["output", "train", "embed", "render"], "properties": {"output": {"type": "string"}}}"#, "schemas/pipeline.schema.json")
        let files = ConfigValidation.defaultFiles(root: p.root)
        XCTAssertEqual(files.map(\.lastComponent), ["p.json", "t.json", "e.json", "r.json"])
        XCTAssertEqual(try ConfigValidation.validate(files: files, schemas: p.root + "/schemas"), [])
        try p.write(#"{"theme": "darc", "fps": 12}"#, "configs/render/r.json")
        try p.writePipeline(trainSet: #"{"epochs": 0}"#)
        let problems = try ConfigValidation.validate(files: files, schemas: p.root + "/schemas")
        XCTAssertEqual(problems, [
            "\(p.pipeline): train config \(p.root)/configs/train/t.json with the pipeline's overrides: $.epochs: expected a number >= 1, got 0",
            "\(p.root)/configs/render/r.json: $.theme: expected one of \"light\", \"dark\", got \"darc\" (did you mean 'dark'?)",
        ])
        // Checked alone, a pipeline reports its stage configs' own problems too.
        XCTAssertEqual(try ConfigValidation.validate(files: [p.pipeline], schemas: p.root + "/schemas").count, 2)
        XCTAssertEqual(ConfigValidation.findSchemas(near: p.pipeline), p.root + "/schemas")
    }

    func testOverridesSetNestedKeysAndRejectTypos() throws {
        let base = try JSONParser.parse(#"{"optimizer": {"lr": 1}, "layers": [{"units": 3}]}"#, source: "c.json")
        let set = try ConfigOverrides.apply([("optimizer.lr", .number(2)), ("layers.0.units", .number(7)), ("epochs", .number(4))],
                                            to: base, file: "p.json", path: "$.train.set")
        XCTAssertEqual(set.serialized(), #"{"optimizer":{"lr":2},"layers":[{"units":7}],"epochs":4}"#)
        XCTAssertThrowsError(try ConfigOverrides.apply([("optimiser.lr", .number(2))], to: base, file: "p.json", path: "$.train.set")) { e in
            XCTAssertEqual((e as? ToolError)?.message, #"p.json: $.train.set."optimiser.lr": the stage config has no key 'optimiser' at $ (did you mean 'optimizer'?)"#)
        }
        XCTAssertThrowsError(try ConfigOverrides.apply([("layers.4.units", .number(2))], to: base, file: "p.json", path: "$.train.set"))
    }
}

final class ConfigValidationErrorsTests: XCTestCase {
    func testUnreadableFilesAreReportedAndOthersStillChecked() throws {
        let p = try FakeProject(self)
        try p.write(#"{"type": "object", "properties": {"theme": {"enum": ["dark"]}}}"#, "schemas/render.schema.json")
        try p.write(#"{"theme": "dark""#, "configs/render/broken.json")
        let problems = try ConfigValidation.validate(files: [p.root + "/configs/render/broken.json", p.root + "/configs/render/r.json"],
                                                     schemas: p.root + "/schemas")
        XCTAssertEqual(problems.count, 2, "\(problems)")
        XCTAssertTrue(problems[0].hasPrefix(p.root + "/configs/render/broken.json"), problems[0])
        XCTAssertEqual(problems[1], "\(p.root)/configs/render/r.json: $.theme: expected one of \"dark\", got \"light\"")
    }

    /// A keyword the validator does not check is an error, not silently ignored.
    func testUnsupportedKeywordIsAnError() throws {
        for (text, keyword, at) in [(#"{"type": "string", "pattern": "^a"}"#, "pattern", "#"),
                                    (#"{"properties": {"a": {"type": "integer", "multipleOf": 2}}}"#, "multipleOf", "#/properties/a"),
                                    (#"{"anyOf": [{"type": "string", "format": "uri"}]}"#, "format", "#/anyOf/0"),
                                    (#"{"items": {"uniqueItems": true}}"#, "uniqueItems", "#/items")] {
            XCTAssertThrowsError(try SchemaValidator(schema: try JSONParser.parse(text, source: "s.json"), schemaFile: "s.json")) { e in
                let m = (e as? ToolError)?.message ?? ""
                XCTAssertTrue(m.hasPrefix("s.json: \(at): the keyword '\(keyword)' is not supported"), m)
            }
        }
        XCTAssertNoThrow(try SchemaValidator(schema: try JSONParser.parse(#"{"title": "t", "description": "d", "default": 1, "examples": [1], "$comment": "c"}"#, source: "s.json"), schemaFile: "s.json"))
    }

    /// `oneOf` holds when exactly one branch holds; `anyOf` when at least one does.
    func testOneOfMeansExactlyOne() throws {
        func check(_ keyword: String, _ doc: String) throws -> [String] {
            let text = #"{"\#(keyword)": [{"type": "integer"}, {"type": "number", "minimum": 0}]}"#
            return try SchemaValidator(schema: try JSONParser.parse(text, source: "s.json"), schemaFile: "s.json")
                .validate(try JSONParser.parse(doc, source: "d.json")).map(\.description)
        }
        XCTAssertEqual(try check("oneOf", "-3"), [], "only the first branch holds")
        XCTAssertEqual(try check("oneOf", "0.5"), [], "only the second branch holds")
        XCTAssertEqual(try check("oneOf", "3"), ["$: matches 2 of the choices (an integer; a number); expected exactly one"])
        XCTAssertEqual(try check("anyOf", "3"), [])
        XCTAssertEqual(try check("oneOf", "-0.5").count, 1, "no branch holds")
    }
}
