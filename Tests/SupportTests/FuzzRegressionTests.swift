import XCTest
@testable import Support

/// Inputs that crashed the JSON reader under the fuzzer (fuzz/, bench/fuzz.sh): each now gets
/// a clear error, and the well-formed neighbour of each still reads as the right value.
final class FuzzRegressionTests: XCTestCase {
    /// FuzzJSON, crash-eef1b85c: a high surrogate followed by an escape that is not a low
    /// surrogate (`\ud83d\u0e00`) overflowed the pair's arithmetic (a trap). `found` is the
    /// fuzzer's input as it was kept.
    func testHighSurrogateFollowedByANonLowSurrogateIsAnError() {
        let found = #"{"a": [1, 2.5, -3e2, "x\u00e9\ud83d\u0e00", true, n}l&, {}], "b": {"c": []}}"#
        for text in [found, #"["\ud83d\u0e00"]"#, #"{"a": "x\ud800\u0041"}"#, #""\udbff\uffff""#] {
            XCTAssertThrowsError(try JSONParser.parse(text, source: "fuzz.json"), text) { e in
                let message = (e as? ToolError)?.message ?? ""
                XCTAssertTrue(message.hasPrefix("fuzz.json:1:") && message.contains("high surrogate must be followed by a low one"), message)
            }
        }
    }

    func testSurrogatePairsStillReadAsOneCharacter() throws {
        XCTAssertEqual(try JSONParser.parse(#""\ud83d\ude00""#, source: "fuzz.json"), .string("😀"))
        XCTAssertEqual(try JSONParser.parse(#""\udbff\udfff""#, source: "fuzz.json"), .string("\u{10FFFF}"))
    }
}
