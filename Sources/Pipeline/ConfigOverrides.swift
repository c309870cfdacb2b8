import Support

/// Inline overrides of single keys of a stage config, and the rebasing of relative paths.
///
/// A pipeline's `"set": {"optimizer.learning_rate": 0.01, "epochs": 2}` replaces the value
/// at each dotted path (array elements by index: `"model.layers.0.out_channels"`); the key must exist
/// unless its parent object does (so a new key can be added to an object, but a typo in the
/// middle of a path is an error).
///
/// Path-valued keys — named `directory`, `path`, `file`, or ending in `_path`,
/// `_file`, `_dir`, `_directory` — holding a relative path are made absolute against the
/// directory of the file that wrote them (the stage config, or the pipeline for overrides),
/// so the resolved config works from the output folder.
enum ConfigOverrides {
    static func apply(_ overrides: [(String, JSONValue)], to config: JSONValue, file: String, path: String) throws -> JSONValue {
        var result = config
        for (key, value) in overrides {
            let parts = key.split(separator: ".").map(String.init)
            guard !parts.isEmpty else { throw ToolError.badInput("\(file): \(path): empty override key") }
            result = try set(rebased(value, key: parts.last ?? key, relativeTo: file), at: parts[...], in: result,
                             file: file, path: "\(path).\"\(key)\"", walked: "$")
        }
        return result
    }

    private static func set(_ value: JSONValue, at parts: ArraySlice<String>, in node: JSONValue, file: String,
                            path: String, walked: String) throws -> JSONValue {
        guard let head = parts.first else { return value }
        let rest = parts.dropFirst()
        switch node {
        case .object(let pairs):
            let existing = pairs.first { $0.0 == head }?.1
            if existing == nil && !rest.isEmpty {
                throw ToolError.badInput("\(file): \(path): the stage config has no key '\(head)' at \(walked)\(didYouMean(head, pairs.map(\.0)))")
            }
            return node.setting(head, to: try set(value, at: rest, in: existing ?? .null, file: file, path: path, walked: "\(walked).\(head)"))
        case .array(var items):
            guard let i = Int(head), items.indices.contains(i) else {
                throw ToolError.badInput("\(file): \(path): \(walked) is an array of \(items.count); expected an index 0..<\(items.count), got '\(head)'")
            }
            items[i] = try set(value, at: rest, in: items[i], file: file, path: path, walked: "\(walked)[\(i)]")
            return .array(items)
        default:
            throw ToolError.badInput("\(file): \(path): \(walked) is \(node.brief), not an object or array, so '\(head)' cannot be set")
        }
    }

    /// Whether a key holds a file system path by the naming convention above.
    static func isPathKey(_ key: String) -> Bool {
        ["directory", "path", "file"].contains(key)
            || ["_path", "_file", "_dir", "_directory"].contains { key.hasSuffix($0) }
    }

    /// `value` with every relative path under a path-valued key made absolute against `file`'s directory.
    static func rebased(_ value: JSONValue, key: String?, relativeTo file: String) -> JSONValue {
        switch value {
        case .string(let s) where key.map(isPathKey) == true && !s.isEmpty && !s.hasPrefix("/"):
            return .string(absolute(resolvePath(s, relativeTo: file)))
        case .object(let pairs):
            return .object(pairs.map { ($0.0, rebased($0.1, key: $0.0, relativeTo: file)) })
        case .array(let items):
            return .array(items.map { rebased($0, key: key, relativeTo: file) })
        default:
            return value
        }
    }
}

/// `path` made absolute against the working directory, with `.` and `..` removed.
func absolute(_ path: String) -> String {
    let full = path.hasPrefix("/") ? path : FileManagerPaths.currentDirectory + "/" + path
    var parts: [Substring] = []
    for p in full.split(separator: "/") {
        if p == "." || p.isEmpty { continue }
        if p == ".." { _ = parts.popLast() } else { parts.append(p) }
    }
    return "/" + parts.joined(separator: "/")
}
