import XCTest
@testable import Support

/// The parser keeps RFC 8259's number grammar and says where it is broken.
final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(text, source: "x.json") }

    func testNumbersOutsideTheGrammarAreRejected() {
        let cases = ["1.": "expected digits after the decimal point", "[1.]": "expected digits after the decimal point",
                     "01": "may not start with 0", "-01": "may not start with 0", "1e": "expected digits in the exponent",
                     "1e+": "expected digits in the exponent", ".5": "expected a value", "+1": "expected a value",
                     "-": "expected a value", "1e999": "out of range", "\"\\u+123\"": "bad \\u escape"]
        for (text, reason) in cases {
            XCTAssertThrowsError(try parse(text), text) { e in
                let m = (e as? ToolError)?.message ?? ""
                XCTAssertTrue(m.hasPrefix("x.json:1:") && m.contains(reason), "\(text): \(m)")
            }
        }
    }

    func testNumbersInsideTheGrammarAreRead() throws {
        let cases: [String: Double] = ["0": 0, "-0": 0, "1.5": 1.5, "1e5": 1e5, "2E-3": 2e-3, "-12.25e+1": -122.5, "10": 10]
        for (text, value) in cases { XCTAssertEqual(try parse(text), .number(value), text) }
        XCTAssertEqual(try parse("2.0").typeName, "integer", "a whole number is an integer, as documented")
    }
}
