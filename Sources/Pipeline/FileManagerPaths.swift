import Foundation

/// File-system helpers the pipeline needs.
enum FileManagerPaths {
    static var currentDirectory: String { FileManager.default.currentDirectoryPath }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func isExecutable(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func contents(_ dir: String) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir) }

    /// `path` relative to `base` when it lies under it, else unchanged.
    static func relative(_ path: String, to base: String) -> String {
        let prefix = base.hasSuffix("/") ? base : base + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}

extension String {
    /// The last component of a path string ("activations.h5").
    var lastComponent: String { split(separator: "/").last.map(String.init) ?? self }
}
