import Foundation
import XCTest
@testable import Pipeline

/// The real programs on HDF5 files that crash inside Debian's libhdf5 1.10.8 (the fuzzers'
/// findings, fuzz/findings, copied to Fixtures/damaged-hdf5): a heap overflow, a segmentation
/// fault or a huge allocation in libhdf5 itself. Each program reads a user's file in a child
/// process first (`IsolatedVerification`), so each file ends with one clear error line naming
/// it and a non-zero exit, never a crash of the program.
final class DamagedHDF5Tests: XCTestCase {
    var bin: String { ProgramLocator.ownDirectory ?? "." }

    /// The damaged files.
    func damagedFiles() throws -> [String] {
        let folder = try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/damaged-hdf5", withExtension: nil)).path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(names.count, 10)
        return names.map { folder + "/" + $0 }
    }

    /// An intact activations file (written by h5py), for viz-render to reach its embedding.
    var intactActivations: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("HDF5Tests/Fixtures/foreign-activations.h5").path
    }

    struct Outcome { let status: Int32; let signalled: Bool; let stderr: String }

    func run(_ program: String, _ arguments: [String]) throws -> Outcome {
        let executable = bin + "/" + program
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: executable), "\(program) is not built")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let errors = Pipe()
        p.standardError = errors
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return Outcome(status: p.terminationStatus, signalled: p.terminationReason == .uncaughtSignal, stderr: text)
    }

    /// Checks one program's outcome on `file`: one line "PROGRAM: error: FILE: …", exit 2 (bad
    /// input), no signal; returns the line.
    func assertClearError(_ o: Outcome, _ program: String, _ file: String, line: UInt = #line) -> String {
        XCTAssertFalse(o.signalled, "\(program) died from signal \(o.status) on \(file)", line: line)
        XCTAssertEqual(o.status, 2, o.stderr, line: line)
        let lines = o.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, o.stderr, line: line)
        XCTAssertTrue(o.stderr.hasPrefix("\(program): error: \(file): "), o.stderr, line: line)
        return o.stderr
    }

    func testUMAPEmbedReportsEachDamagedActivationsFile() throws {
        let work = NSTemporaryDirectory() + "damaged-hdf5-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        try #"{"mode": "aligned", "n_neighbors": 4, "seed": 0, "threads": 1}"#.write(toFile: work + "/embed.json", atomically: true, encoding: .utf8)
        var damaged = 0
        for file in try damagedFiles() {
            let o = try run("umap-embed", ["--config", work + "/embed.json", "--activations", file, "--out", work + "/embedding.h5", "--quiet"])
            if assertClearError(o, "umap-embed", file).contains("damaged HDF5 file (libhdf5 crashed while reading its metadata") { damaged += 1 }
            XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/embedding.h5"))
        }
        XCTAssertGreaterThanOrEqual(damaged, 1, "some of the files crash libhdf5 when read as activations")
    }

    func testVizRenderReportsEachDamagedEmbeddingFile() throws {
        let work = NSTemporaryDirectory() + "damaged-hdf5-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        var damaged = 0
        for file in try damagedFiles() {
            let o = try run("viz-render", ["--activations", intactActivations, "--embedding", file, "--poster", work + "/poster.png", "--quiet"])
            if assertClearError(o, "viz-render", file).contains("damaged HDF5 file (libhdf5 crashed while reading its metadata") { damaged += 1 }
            XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/poster.png"))
        }
        XCTAssertGreaterThanOrEqual(damaged, 1, "some of the files crash libhdf5 when read as embeddings")
    }

    /// A pipeline that starts from a recorded activations file (`RecordedStart`) hands it to
    /// umap-embed, whose child-process read stops the run with its line.
    func testAPipelineStartingFromADamagedRecordingStopsWithOneLine() throws {
        let file = try XCTUnwrap(damagedFiles().first { $0.hasSuffix("crash-5c2a4372946bb12e1393d668623a8e223ec8ba6a") })
        let work = NSTemporaryDirectory() + "damaged-hdf5-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: work + "/pipelines", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        try """
        {"output": "../runs/p", "activations": "\(file)",
         "embed": {"config": "\(repository)/configs/embed/aligned.json"},
         "render": {"config": "\(repository)/configs/render/light.json"}}
        """.write(toFile: work + "/pipelines/p.json", atomically: true, encoding: .utf8)
        let o = try run("timelapse", ["run", work + "/pipelines/p.json", "--bin-dir", bin])
        XCTAssertFalse(o.signalled, o.stderr)
        XCTAssertEqual(o.status, 1, o.stderr)
        let lines = o.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains("umap-embed: error: \(file): damaged HDF5 file (libhdf5 crashed while reading its metadata: Segmentation fault); re-record it"), o.stderr)
        XCTAssertTrue(lines.last?.hasPrefix("timelapse: error: embed: umap-embed exited with status 2") == true, o.stderr)
    }

    /// viz-render reads the activations in a child process too.
    func testVizRenderReportsADamagedActivationsFile() throws {
        let file = try XCTUnwrap(damagedFiles().first { $0.hasSuffix("crash-5c2a4372946bb12e1393d668623a8e223ec8ba6a") })
        let o = try run("viz-render", ["--activations", file, "--embedding", file, "--poster", NSTemporaryDirectory() + "unused.png", "--quiet"])
        XCTAssertEqual(assertClearError(o, "viz-render", file),
                       "viz-render: error: \(file): damaged HDF5 file (libhdf5 crashed while reading its metadata: Segmentation fault); re-record it\n")
    }
}
