import Foundation
import XCTest
@testable import Support

/// SHA-256 against the FIPS 180-2 examples (appendix B) and NIST's long-message vector, one-shot,
/// incremental in uneven pieces, over typed buffers and over a file.
final class DigestTests: XCTestCase {
    func testFIPSExamples() {
        XCTAssertEqual(Digest.sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(Digest.sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Digest.sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testAMillionAsInUnevenPiecesAndFromAFile() throws {
        let million = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var hasher = Digest.Hasher()
        var start = 0, piece = 1
        while start < bytes.count {  // pieces of 1, 4, 9, … bytes: none aligned to the 64-byte block
            let end = min(bytes.count, start + piece * piece)
            bytes[start..<end].withUnsafeBufferPointer { hasher.update($0) }
            hasher.update(bytes: UnsafeRawBufferPointer(start: nil, count: 0))  // an empty piece adds nothing
            start = end; piece += 1
        }
        XCTAssertEqual(hasher.finalize(), million)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("digest-\(UUID().uuidString)").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))  // read back in 1 MiB pieces: one short one
        XCTAssertEqual(try Digest.sha256(file: path), million)
        XCTAssertThrowsError(try Digest.sha256(file: path + ".missing"))
    }

    func testTypedBuffersAndStringsHashTheirBytesInOrder() {
        let values: [Float] = [1, -2.5, .pi, 0]
        var hasher = Digest.Hasher()
        hasher.update("layer:fc1;")
        values.withUnsafeBufferPointer { hasher.update($0) }
        var expected = Data("layer:fc1;".utf8)
        values.withUnsafeBytes { expected.append(contentsOf: $0) }
        XCTAssertEqual(hasher.finalize(), Digest.sha256(expected))
        XCTAssertEqual(expected.count, 10 + 16)
    }

    func testFinalizingLeavesTheHasherGoingOn() {
        var hasher = Digest.Hasher()
        hasher.update("ab")
        XCTAssertEqual(hasher.finalize(), Digest.sha256("ab"))
        XCTAssertEqual(hasher.finalize(), Digest.sha256("ab"))
        hasher.update("c")
        XCTAssertEqual(hasher.finalize(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
