import XCTest
@testable import Pipeline

/// Every config and pipeline in the repository validates against the schemas in schemas/, so
/// a key added to a reader but not to its schema (or the other way round) fails here.
final class ShippedConfigsTests: XCTestCase {
    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    func testShippedConfigsAndPipelinesValidate() throws {
        let files = ConfigValidation.defaultFiles(root: repository)
        XCTAssertGreaterThanOrEqual(files.count, 10, "configs/ and pipelines/ found")
        XCTAssertEqual(try ConfigValidation.validate(files: files, schemas: repository + "/schemas"), [])
    }
}
