import Foundation

/// A strict reader over one JSON object of a config file. Each accessor names the JSON path
/// and the file in its error ("configs/train/x.json: $.optimizer.learning_rate: expected a
/// number > 0, got "fast""); `finish()` rejects keys nobody asked for, suggesting the
/// closest known key. Read every key you accept, then call `finish()`. What each accessor
/// accepts (type, range, choices, default, path) is also what `ConfigSchema` records to
/// generate the JSON Schemas, so a rule is written once, here in the reader's call.
public final class ConfigObject {
    /// The file the object came from, for messages.
    public let file: String
    /// The JSON path of this object, `$` for the root.
    public let path: String
    /// The key-value pairs, in file order.
    public let pairs: [(String, JSONValue)]
    private var known: [String] = []

    public init(_ value: JSONValue, file: String, path: String = "$") throws {
        guard case let .object(pairs) = value else {
            throw ToolError.badInput("\(file): \(path): expected an object, got \(value.brief)")
        }
        self.file = file
        self.path = path
        self.pairs = pairs
    }

    /// Reads and parses a JSON file whose root must be an object.
    public static func load(_ file: String) throws -> ConfigObject {
        try ConfigObject(try loadJSON(file), file: file)
    }

    /// Reads and parses a JSON file.
    public static func loadJSON(_ file: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ToolError.badInput("\(file): cannot read the file (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ToolError.badInput("\(file): not UTF-8 text")
        }
        return try JSONParser.parse(text, source: file)
    }

    /// The path of `key` under this object.
    public func path(_ key: String) -> String { "\(path).\(key)" }

    /// A bad-input error about `key`: "file: $.a.key: message".
    public func error(_ key: String, _ message: String) -> ToolError {
        ToolError.badInput("\(file): \(path(key)): \(message)")
    }

    /// The raw value of `key`, marking the key known; the caller checks it (a generated
    /// schema accepts any value here).
    public func value(_ key: String) -> JSONValue? {
        ConfigSchema.active?.noteRaw(path, key)
        return lookup(key)
    }

    private func lookup(_ key: String) -> JSONValue? {
        known.append(key)
        return pairs.first { $0.0 == key }?.1
    }

    /// Marks keys as accepted without reading them.
    public func accept(_ keys: [String]) {
        known += keys
        for key in keys { ConfigSchema.active?.noteRaw(path, key) }
    }

    /// Whether `key` is present; a key read only after asking is optional in the schema.
    public func has(_ key: String) -> Bool {
        if let recorder = ConfigSchema.active {
            recorder.noteOptional(path, key)
            return true
        }
        return pairs.contains { $0.0 == key }
    }

    /// Notes what `key` accepts while a schema is recorded; returns true when the value is
    /// absent and a placeholder should be read instead of failing (recording only).
    private func record(_ key: String, _ schema: [String: JSONValue], fallback: JSONValue?) -> Bool {
        guard let recorder = ConfigSchema.active else { return false }
        var s = schema
        if let fallback, fallback != .null { s["default"] = fallback }
        recorder.note(path, key, s, required: fallback == nil)
        return !pairs.contains { $0.0 == key } && fallback == nil
    }

    /// Throws for the first key that no accessor asked for.
    public func finish() throws {
        ConfigSchema.active?.noteClosed(path)
        for (key, _) in pairs where !known.contains(key) {
            throw ToolError.badInput("\(file): \(path): unknown key '\(key)'\(didYouMean(key, known))"
                + "; known keys: \(known.joined(separator: ", "))")
        }
    }

    public func string(_ key: String, default fallback: String? = nil, oneOf allowed: [String]? = nil) throws -> String {
        var schema: [String: JSONValue] = ["type": .string("string")]
        if let allowed {
            schema["enum"] = .array(allowed.map(JSONValue.string))
            ConfigSchema.active?.noteChoice(path, key, allowed)
        }
        if record(key, schema, fallback: fallback.map(JSONValue.string)) { return allowed?.first ?? "" }
        guard let v = lookup(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected a string")
        }
        guard case let .string(s) = v else { throw error(key, "expected a string, got \(v.brief)") }
        if let allowed, !allowed.contains(s) {
            throw error(key, "expected one of \(allowed.map { "'\($0)'" }.joined(separator: ", ")), got \"\(s)\"\(didYouMean(s, allowed))")
        }
        return s
    }

    public func optionalString(_ key: String) throws -> String? {
        _ = record(key, ["type": .array([.string("string"), .string("null")])], fallback: .null)
        guard let v = lookup(key), v != .null else { return nil }
        guard case let .string(s) = v else { throw error(key, "expected a string, got \(v.brief)") }
        return s
    }

    public func double(_ key: String, default fallback: Double? = nil, min: Double? = nil, max: Double? = nil,
                       exclusiveMin: Bool = false) throws -> Double {
        var schema: [String: JSONValue] = ["type": .string("number")]
        if let min { schema[exclusiveMin ? "exclusiveMinimum" : "minimum"] = .number(min) }
        if let max { schema["maximum"] = .number(max) }
        if record(key, schema, fallback: fallback.map(JSONValue.number)) { return (min ?? 0) + (exclusiveMin ? 1 : 0) }
        guard let v = lookup(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected a number")
        }
        guard case let .number(n) = v else { throw error(key, "expected a number, got \(v.brief)") }
        if let min, exclusiveMin ? n <= min : n < min {
            throw error(key, "expected a number \(exclusiveMin ? ">" : ">=") \(Self.format(min)), got \(v.brief)")
        }
        if let max, n > max { throw error(key, "expected a number <= \(Self.format(max)), got \(v.brief)") }
        return n
    }

    public func int(_ key: String, default fallback: Int? = nil, min: Int? = nil, max: Int? = nil) throws -> Int {
        var schema: [String: JSONValue] = ["type": .string("integer")]
        if let min { schema["minimum"] = .number(Double(min)) }
        if let max { schema["maximum"] = .number(Double(max)) }
        if record(key, schema, fallback: fallback.map { .number(Double($0)) }) { return min ?? 0 }
        guard let v = lookup(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected an integer")
        }
        guard case let .number(n) = v, n.rounded() == n, abs(n) < 9e15 else {
            throw error(key, "expected an integer, got \(v.brief)")
        }
        let i = Int(n)
        if let min, i < min { throw error(key, "expected an integer >= \(min), got \(i)") }
        if let max, i > max { throw error(key, "expected an integer <= \(max), got \(i)") }
        return i
    }

    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        if record(key, ["type": .string("boolean")], fallback: fallback.map(JSONValue.bool)) { return false }
        guard let v = lookup(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected true or false")
        }
        guard case let .bool(b) = v else { throw error(key, "expected true or false, got \(v.brief)") }
        return b
    }

    /// The object under `key`, or nil when absent (while recording a schema, an empty object,
    /// so the keys read from it are recorded too).
    public func object(_ key: String) throws -> ConfigObject? {
        let recording = ConfigSchema.active != nil
        if recording { ConfigSchema.active?.note(path, key, ["type": .string("object")], required: false) }
        guard let v = lookup(key) else { return recording ? try ConfigObject(.object([]), file: file, path: path(key)) : nil }
        return try ConfigObject(v, file: file, path: path(key))
    }

    /// The array under `key`, or nil when absent.
    public func array(_ key: String) throws -> [JSONValue]? {
        _ = record(key, ["type": .string("array")], fallback: .null)
        guard let v = lookup(key) else { return nil }
        guard case let .array(items) = v else { throw error(key, "expected an array, got \(v.brief)") }
        return items
    }

    public func strings(_ key: String, default fallback: [String]? = nil) throws -> [String] {
        let schema: [String: JSONValue] = ["type": .string("array"), "items": .object([("type", .string("string"))])]
        if record(key, schema, fallback: fallback.map { .array($0.map(JSONValue.string)) }) { return [] }
        guard let items = try lookupArray(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected an array of strings")
        }
        return try items.enumerated().map { k, v in
            guard case let .string(s) = v else { throw error("\(key)[\(k)]", "expected a string, got \(v.brief)") }
            return s
        }
    }

    /// An object whose every value is a list of strings (say group name → class names), its
    /// pairs in file order; nil when absent. More than `maxKeys` entries is an error.
    public func stringLists(_ key: String, maxKeys: Int? = nil) throws -> [(String, [String])]? {
        var schema: [String: JSONValue] = ["type": .string("object"), "additionalProperties": .object([
            ("type", .string("array")), ("items", .object([("type", .string("string"))]))])]
        if let maxKeys { schema["maxProperties"] = .number(Double(maxKeys)) }
        _ = record(key, schema, fallback: .null)
        guard let v = lookup(key), v != .null else { return nil }
        guard case let .object(pairs) = v else { throw error(key, "expected an object of lists of strings, got \(v.brief)") }
        if let maxKeys, pairs.count > maxKeys {
            throw error(key, "expected at most \(maxKeys) entries, got \(pairs.count): \(pairs.map { "\"\($0.0)\"" }.joined(separator: ", "))")
        }
        return try pairs.map { name, list in
            guard case let .array(items) = list else { throw error("\(key).\(name)", "expected an array of strings, got \(list.brief)") }
            return (name, try items.enumerated().map { k, item in
                guard case let .string(text) = item else { throw error("\(key).\(name)[\(k)]", "expected a string, got \(item.brief)") }
                return text
            })
        }
    }

    public func ints(_ key: String, default fallback: [Int]? = nil) throws -> [Int] {
        let schema: [String: JSONValue] = ["type": .string("array"), "items": .object([("type", .string("integer"))])]
        if record(key, schema, fallback: fallback.map { .array($0.map { .number(Double($0)) }) }) { return [] }
        guard let items = try lookupArray(key) else {
            if let fallback { return fallback }
            throw error(key, "missing; expected an array of integers")
        }
        return try items.enumerated().map { k, v in
            guard case let .number(n) = v, n.rounded() == n, abs(n) < 9e15 else {
                throw error("\(key)[\(k)]", "expected an integer, got \(v.brief)")
            }
            return Int(n)
        }
    }

    private func lookupArray(_ key: String) throws -> [JSONValue]? {
        guard let v = lookup(key) else { return nil }
        guard case let .array(items) = v else { throw error(key, "expected an array, got \(v.brief)") }
        return items
    }

    /// A path-valued key, resolved against the directory of the config file when relative
    /// (while recording a schema, an absent one reads as the config's folder).
    public func filePath(_ key: String, default fallback: String? = nil) throws -> String? {
        _ = record(key, ["type": .array([.string("string"), .string("null")]),
                         "description": .string("a path; relative paths are relative to this file")], fallback: fallback.map(JSONValue.string) ?? .null)
        let recording = ConfigSchema.active != nil
        guard let v = lookup(key), v != .null else { return (fallback ?? (recording ? "." : nil)).map { resolvePath($0, relativeTo: file) } }
        guard case let .string(s) = v else { throw error(key, "expected a string, got \(v.brief)") }
        return resolvePath(s, relativeTo: file)
    }

    private static func format(_ x: Double) -> String {
        x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

/// `path` made absolute against the directory holding `file` when it is relative.
public func resolvePath(_ path: String, relativeTo file: String) -> String {
    if path.hasPrefix("/") { return path }
    let dir = (file as NSString).deletingLastPathComponent
    return dir.isEmpty ? path : (dir as NSString).appendingPathComponent(path)
}
