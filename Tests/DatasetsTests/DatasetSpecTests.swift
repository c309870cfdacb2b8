import Support
import XCTest
@testable import Datasets

final class DatasetSpecTests: XCTestCase {
    func spec(_ text: String, file: String = "/cfg/train/x.json") throws -> DatasetSpec {
        try DatasetSpec(config: ConfigObject(try JSONParser.parse(text, source: file), file: file, path: "$.dataset"))
    }

    func testKindsAndRelativePaths() throws {
        guard case .quickDraw(let q) = try spec(#"{"kind": "quickdraw-npy", "directory": "../data", "classes": ["cat"], "train_per_class": 9}"#).source
        else { return XCTFail() }
        XCTAssertEqual(q.directory, "/cfg/train/../data")
        XCTAssertEqual(q.trainPerClass, 9)
        guard case .idx(let m) = try spec(#"{"classes": "mnist", "directory": "/d", "train_limit": 100}"#).source
        else { return XCTFail() }
        XCTAssertEqual(m.classNames, (0...9).map(String.init))
        let s = try spec(#"{"kind": "sketches", "shapes": ["circle", "square"], "train_per_class": 3, "test_per_class": 2, "test_limit": 3}"#)
        let data = try s.load()
        XCTAssertEqual([data.train.count, data.test.count], [6, 3])
        XCTAssertEqual(s.summary, "generated sketches (2 shapes, seed 0)")
    }

    func testUnknownKeyAndShapeAreNamed() throws {
        XCTAssertThrowsError(try spec(#"{"kind": "sketches", "train_per_clas": 3}"#)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("/cfg/train/x.json: $.dataset: unknown key 'train_per_clas'") && m.contains("did you mean 'train_per_class'"), m)
        }
        XCTAssertThrowsError(try spec(#"{"kind": "sketches", "shapes": ["circle", "sqare"]}"#)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("$.dataset.shapes[1]") && m.contains("did you mean 'square'"), m)
        }
        XCTAssertThrowsError(try spec(#"{"kind": "npy"}"#)) { e in
            XCTAssertTrue(((e as? ToolError)?.message ?? "").contains("$.dataset.kind"))
        }
    }

    /// Digits in another folder are never named after Fashion-MNIST's clothes.
    func testIDXOutsideTheFashionMNISTFolderMustNameItsClasses() throws {
        XCTAssertThrowsError(try spec(#"{"kind": "idx", "directory": "/data/mnist"}"#)) { e in
            let m = (e as? ToolError)?.message ?? ""
            XCTAssertTrue(m.contains("/cfg/train/x.json: $.dataset.classes: missing; the IDX files in /data/mnist") && m.contains("\"mnist\""), m)
        }
        guard case .idx(let d) = try spec(#"{"kind": "idx"}"#).source, case .idx(let named) = try spec(#"{"directory": "/data/mnist", "classes": "mnist"}"#).source
        else { return XCTFail() }
        XCTAssertEqual(d.classNames, IDXSource.fashionMNISTClasses, "Debian's Fashion-MNIST folder keeps its names")
        XCTAssertEqual(named.classNames, (0...9).map(String.init))
    }
}
