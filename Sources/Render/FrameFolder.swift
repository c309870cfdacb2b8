import Foundation
import Support
import SceneModel

/// PNG frames written into a fresh hidden sibling folder (`.NAME.partial`) that replaces the
/// final folder only when every frame is written, so no stale frame of an earlier run survives
/// and a failed run leaves neither a partial folder nor a half-filled one.
/// Key frames are named `snapshot_000.png`… (one per snapshot, settled) and `summary.png`;
/// every frame is `frame_00000.png`….
public final class FrameFolder: @unchecked Sendable {
    public let path: String
    let partial: String
    /// File name per frame index for the frames this folder keeps.
    let names: [Int: String]

    /// `all`: every frame of the pacing; otherwise its key frames.
    public init(path: String, pacing: Pacing, all: Bool) throws {
        self.path = path
        partial = AtomicOutput.partialPath(for: path)
        if all {
            names = Dictionary(uniqueKeysWithValues: pacing.frames.indices.map { ($0, String(format: "frame_%05d.png", $0)) })
        } else {
            var n: [Int: String] = [:]
            for (s, f) in pacing.keyFrames.enumerated() { n[f] = String(format: "snapshot_%03d.png", s) }
            n[pacing.cardFrame] = "summary.png"
            names = n
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw ToolError.badInput("\(path): exists and is not a folder; give --frames a folder")
        }
        try? FileManager.default.removeItem(atPath: partial)
        let parent = URL(fileURLWithPath: partial).deletingLastPathComponent().path
        if mkdir(parent, 0o755) != 0 && errno != EEXIST {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw ToolError.badInput("\(path): cannot create its parent folder \(parent)")
            }
        }
        guard mkdir(partial, 0o755) == 0 else {
            throw ToolError.badInput("\(path): cannot write frames next to it in \(parent): \(String(cString: strerror(errno)))")
        }
    }

    /// The frames this folder keeps, by index.
    public var frames: Set<Int> { Set(names.keys) }

    /// Writes the kept frames among `indices` (frames that all show the renderer's picture),
    /// encoding and writing the picture once: the other frames of the run are hard links to the
    /// first file (the same bytes, no second write), or copies where the file system has no
    /// hard links. Safe from several threads.
    public func write(_ indices: Range<Int>, _ r: FrameRenderer, encoder: PNGEncoder) throws {
        let kept = indices.compactMap { names[$0] }
        guard let first = kept.first else { return }
        let data = encoder.encode(bgra: r.pixels, width: r.width, height: r.height, stride: r.stride)
        let firstPath = partial + "/" + first
        guard FileManager.default.createFile(atPath: firstPath, contents: data) else {
            throw ToolError.failed("\(path): cannot write \(first): \(String(cString: strerror(errno)))")
        }
        for name in kept.dropFirst() where link(firstPath, partial + "/" + name) != 0 {
            guard FileManager.default.createFile(atPath: partial + "/" + name, contents: data) else {
                throw ToolError.failed("\(path): cannot write \(name): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Replaces the final folder with the finished one.
    public func commit() throws {
        let old = partial + ".old"
        try? FileManager.default.removeItem(atPath: old)
        if FileManager.default.fileExists(atPath: path) {
            guard rename(path, old) == 0 else {
                abandon()
                throw ToolError.failed("\(path): cannot replace the old frames folder: \(String(cString: strerror(errno)))")
            }
        }
        try AtomicOutput.commit(partial, to: path)
        try? FileManager.default.removeItem(atPath: old)
    }

    /// Removes the partial folder (after a failure).
    public func abandon() {
        try? FileManager.default.removeItem(atPath: partial)
    }
}
