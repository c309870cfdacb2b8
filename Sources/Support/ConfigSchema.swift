import Foundation

/// JSON Schemas generated from the config readers themselves, so each key's type, range,
/// choices, default and whether it is a path are declared once, in the reader's
/// `ConfigObject` call. While `record` runs a reader, every `ConfigObject` accessor notes
/// what it accepts under its object's JSON path (array items share `[]`); `finish()` marks
/// the object closed (`additionalProperties: false`), and a key read without a default and
/// not guarded by `has` is required.
///
/// A reader only reads the keys of the branch it takes, so `record` runs it on sample
/// documents (the shipped configs) and on variants of them with each `oneOf` choice put in
/// place of the sample's (every dataset kind, layer type, mode), and merges what was read:
/// where runs disagree, the loosest range wins, a differing default is dropped and a key is
/// required only when every run that saw its object required it. In recording, an absent
/// required value reads as a placeholder instead of failing, so one missing key does not hide
/// the rest. Keys read raw (`value`) are recorded without a type (the reader checks them).
public final class ConfigSchema {
    /// What one object's keys accept, in the order first read.
    final class Node {
        var order: [String] = []
        var properties: [String: [String: JSONValue]] = [:]
        var required: Set<String> = []
        var optional: Set<String> = []
        /// Keys the reader inspects itself (`value`): recorded without a type.
        var raw: Set<String> = []
        var closed = false
        /// Keys read in the current run.
        var read: Set<String> = []
        var visited = false
    }

    private var nodes: [String: Node] = [:]
    private var nodeOrder: [String] = []
    /// Choice points met in the current run: (concrete object path, key, choices).
    private var choices: [(String, String, [String])] = []

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: ConfigSchema?

    /// The recorder active on this process, if any (only inside `record`).
    static var active: ConfigSchema? {
        lock.lock(); defer { lock.unlock() }
        return current
    }

    /// Runs `read` on each sample and on its one-choice variants, recording every key read;
    /// errors thrown by the reader (a variant may not make sense) are ignored.
    public static func record(samples: [JSONValue], read: (JSONValue) throws -> Void) -> ConfigSchema {
        let recorder = ConfigSchema()
        lock.lock(); current = recorder; lock.unlock()
        defer { lock.lock(); current = nil; lock.unlock() }
        func run(_ document: JSONValue) {
            for n in recorder.nodes.values { n.read = []; n.visited = false }
            try? read(document)
            // A key required by one kind but not read by another is optional.
            for n in recorder.nodes.values where n.visited {
                n.required.subtract(n.required.subtracting(n.read))
                n.optional.formUnion(n.order.filter { !n.read.contains($0) })
            }
        }
        for sample in samples {
            recorder.choices = []
            run(sample)
            for (path, key, options) in recorder.choices {
                for option in options where sample.at(path)?[key] != .string(option) {
                    run(sample.setting(path: path, key: key, to: .string(option)))
                }
            }
        }
        return recorder
    }

    /// "$.model.layers[3]" → "$.model.layers[]": array items share one schema.
    static func general(_ path: String) -> String {
        var out = "", skipping = false
        for ch in path {
            if ch == "[" { skipping = true; out.append("[") } else if ch == "]" { skipping = false; out.append("]") } else if !skipping { out.append(ch) }
        }
        return out
    }

    private func node(_ path: String) -> Node {
        let key = Self.general(path)
        if let n = nodes[key] { return n }
        let n = Node()
        nodes[key] = n
        nodeOrder.append(key)
        return n
    }

    /// Records that the object at `path` reads `key` accepting `schema`.
    func note(_ path: String, _ key: String, _ schema: [String: JSONValue], required: Bool) {
        let n = visit(path, key)
        if n.raw.contains(key) { return }
        if var old = n.properties[key] {
            for (k, v) in schema { if let was = old[k] { old[k] = Self.merge(k, was, v) } }
            for k in old.keys where schema[k] == nil { old[k] = nil }
            n.properties[key] = old
        } else {
            n.properties[key] = schema
        }
        if required && !n.optional.contains(key) { n.required.insert(key) } else { n.optional.insert(key); n.required.remove(key) }
    }

    /// Records that the reader inspects `key` itself: any value, checked by the reader.
    func noteRaw(_ path: String, _ key: String) {
        let n = visit(path, key)
        n.raw.insert(key)
        n.properties[key] = [:]
        n.required.remove(key)
        n.optional.insert(key)
    }

    private func visit(_ path: String, _ key: String) -> Node {
        let n = node(path)
        n.visited = true
        n.read.insert(key)
        if !n.order.contains(key) { n.order.append(key) }
        return n
    }

    /// Records that `key` of the object at `path` is optional (`has` was asked).
    func noteOptional(_ path: String, _ key: String) {
        let n = node(path)
        n.optional.insert(key)
        n.required.remove(key)
    }

    func noteClosed(_ path: String) {
        let n = node(path)
        n.closed = true
        n.visited = true
    }

    func noteChoice(_ path: String, _ key: String, _ options: [String]) { choices.append((path, key, options)) }

    /// Two values of one keyword from different runs: the loosest bound, the union of
    /// choices and types; nil (dropped) when defaults or descriptions differ.
    private static func merge(_ keyword: String, _ a: JSONValue, _ b: JSONValue) -> JSONValue? {
        if a == b { return a }
        switch (keyword, a, b) {
        case ("minimum", .number(let x), .number(let y)), ("exclusiveMinimum", .number(let x), .number(let y)): return .number(min(x, y))
        case ("maximum", .number(let x), .number(let y)): return .number(max(x, y))
        case ("enum", .array(let x), .array(let y)): return .array(x + y.filter { !x.contains($0) })
        case ("type", _, _):
            let names = [a, b].flatMap { v -> [JSONValue] in if case .array(let l) = v { return l } else { return [v] } }
            var unique = [JSONValue]()
            for n in names where !unique.contains(n) { unique.append(n) }
            if unique.contains(.string("number")) { unique.removeAll { $0 == .string("integer") } }
            return unique.count == 1 ? unique[0] : .array(unique)
        default: return nil
        }
    }

    /// The schema of everything recorded, rooted at "$", with `title` and `$schema`.
    public func schema(title: String) -> JSONValue {
        var root = object(at: "$")
        if case .object(let pairs) = root {
            root = .object([("$schema", .string("https://json-schema.org/draft/2020-12/schema")), ("title", .string(title)),
                            ("description", .string("Generated from the Swift config reader by `timelapse schemas --write`; do not edit."))] + pairs)
        }
        return root
    }

    private func object(at path: String) -> JSONValue {
        guard let n = nodes[path] else { return .object([("type", .string("object"))]) }
        var properties = [(String, JSONValue)]()
        for key in n.order {
            var schema = n.properties[key] ?? [:]
            if nodes[path + "." + key] != nil {
                schema["type"] = .string("object")
                for case (let k, let v) in pairs(object(at: path + "." + key)) { schema[k] = v }
            }
            if nodes[path + "." + key + "[]"] != nil { schema["items"] = object(at: path + "." + key + "[]") }
            properties.append((key, .object(Self.ordered(schema))))
        }
        var out: [(String, JSONValue)] = [("type", .string("object"))]
        if n.closed { out.append(("additionalProperties", .bool(false))) }
        let required = n.order.filter { n.required.contains($0) }
        if !required.isEmpty { out.append(("required", .array(required.map(JSONValue.string)))) }
        out.append(("properties", .object(properties)))
        return .object(out)
    }

    private func pairs(_ v: JSONValue) -> [(String, JSONValue)] {
        if case .object(let p) = v { return p.filter { $0.0 != "type" } }
        return []
    }

    /// Keywords in a fixed reading order.
    private static func ordered(_ schema: [String: JSONValue]) -> [(String, JSONValue)] {
        let order = ["type", "enum", "minimum", "exclusiveMinimum", "maximum", "minItems", "items", "default", "description",
                     "additionalProperties", "required", "properties"]
        return order.compactMap { k in schema[k].map { (k, $0) } } + schema.keys.filter { !order.contains($0) }.sorted().map { ($0, schema[$0]!) }
    }
}

extension JSONValue {
    /// The value at a `ConfigObject` path ("$.model.layers[2]"), or nil.
    func at(_ path: String) -> JSONValue? {
        var node: JSONValue? = self
        for part in Self.steps(path) {
            switch part {
            case .key(let k): node = node?[k]
            case .index(let i): if case .array(let items)? = node, i < items.count { node = items[i] } else { return nil }
            }
        }
        return node
    }

    /// This document with `key` of the object at `path` set to `value` (unchanged when the path is absent).
    func setting(path: String, key: String, to value: JSONValue) -> JSONValue {
        func set(_ node: JSONValue, _ rest: ArraySlice<Step>) -> JSONValue {
            guard let step = rest.first else { return node.setting(key, to: value) }
            switch (step, node) {
            case (.key(let k), .object):
                guard let child = node[k] else { return node }
                return node.setting(k, to: set(child, rest.dropFirst()))
            case (.index(let i), .array(var items)) where i < items.count:
                items[i] = set(items[i], rest.dropFirst())
                return .array(items)
            default: return node
            }
        }
        return set(self, Self.steps(path)[...])
    }

    enum Step { case key(String), index(Int) }

    /// "$.a.b[2].c" → key a, key b, index 2, key c.
    static func steps(_ path: String) -> [Step] {
        var out = [Step]()
        for part in path.dropFirst().split(separator: ".") {
            var name = Substring(part)
            var indices = [Int]()
            while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
                indices.insert(Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) ?? 0, at: 0)
                name = name[..<open]
            }
            if !name.isEmpty { out.append(.key(String(name))) }
            out += indices.map { .index($0) }
        }
        return out
    }
}
