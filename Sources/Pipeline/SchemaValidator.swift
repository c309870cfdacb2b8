import Support

/// Checks JSON documents against a JSON Schema, the subset the project's schemas use:
/// `type` (a name or a list; "integer" means a whole number), `properties`, `required`,
/// `additionalProperties` (false or a schema), `enum`, `const`, `minimum`, `maximum`,
/// `exclusiveMinimum`, `exclusiveMaximum`, `minLength`, `minItems`, `maxItems`, `items`, `maxProperties`,
/// `anyOf` (at least one branch holds), `oneOf` (exactly one branch holds), and `$ref` to
/// `#/$defs/…` or `#/definitions/…` in the same schema. Annotations (`description`,
/// `default`, `title`, `$schema`, `$id`, `examples`, `$comment`) are ignored. Any other
/// keyword is an error (`init` throws naming it and where it is), so a schema never asks for
/// a rule that is silently not checked.
public struct SchemaValidator: Sendable {
    /// One problem: the JSON path and the sentence describing it.
    public struct Issue: Hashable, Sendable, CustomStringConvertible {
        public let path: String
        public let message: String
        public var description: String { "\(path): \(message)" }
    }

    public let schema: JSONValue
    public let schemaFile: String

    /// The keywords checked, and those only annotating.
    static let checkedKeywords: Set<String> = ["type", "properties", "required", "additionalProperties", "enum", "const",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "minItems", "maxItems", "items",
        "maxProperties", "anyOf", "oneOf", "$ref", "$defs", "definitions"]
    static let annotations: Set<String> = ["description", "default", "title", "$schema", "$id", "examples", "$comment"]

    public init(schema: JSONValue, schemaFile: String) throws {
        self.schema = schema
        self.schemaFile = schemaFile
        try Self.checkKeywords(schema, path: "#", file: schemaFile)
    }

    /// Throws for the first keyword outside `checkedKeywords` and `annotations`.
    static func checkKeywords(_ schema: JSONValue, path: String, file: String) throws {
        guard case .object(let pairs) = schema else { return }
        for (key, value) in pairs {
            let at = "\(path)/\(key)"
            guard checkedKeywords.contains(key) || annotations.contains(key) else {
                let known = (checkedKeywords.union(annotations)).sorted()
                throw ToolError.badInput("\(file): \(path): the keyword '\(key)' is not supported by timelapse's validator\(didYouMean(key, known)); supported: \(checkedKeywords.sorted().joined(separator: ", "))")
            }
            switch key {
            case "properties", "$defs", "definitions":
                if case .object(let children) = value { for (name, child) in children { try checkKeywords(child, path: "\(at)/\(name)", file: file) } }
            case "anyOf", "oneOf":
                if case .array(let branches) = value { for (k, b) in branches.enumerated() { try checkKeywords(b, path: "\(at)/\(k)", file: file) } }
            case "items", "additionalProperties":
                try checkKeywords(value, path: at, file: file)
            default: break
            }
        }
    }

    public init(file: String) throws {
        try self.init(schema: try ConfigObject.loadJSON(file), schemaFile: file)
    }

    /// Every problem found in `value` (empty when valid).
    public func validate(_ value: JSONValue) -> [Issue] {
        var issues = [Issue]()
        check(value, against: schema, path: "$", into: &issues)
        return issues
    }

    private func check(_ value: JSONValue, against schema: JSONValue, path: String, into issues: inout [Issue]) {
        func fail(_ message: String) { issues.append(Issue(path: path, message: message)) }
        guard case .object = schema else { return }   // `true` or `{}`: anything goes
        if case .string(let ref)? = schema["$ref"] {
            guard let target = resolve(ref) else { return fail("the schema \(schemaFile) has an unresolvable $ref \(ref)") }
            check(value, against: target, path: path, into: &issues)
        }
        for keyword in ["anyOf", "oneOf"] {
            guard let branches = schema[keyword].flatMap(Self.array) else { continue }
            let results = branches.map { b -> [Issue] in var found = [Issue](); check(value, against: b, path: path, into: &found); return found }
            let holding = results.indices.filter { results[$0].isEmpty }
            if keyword == "oneOf", holding.count > 1 {
                fail("matches \(holding.count) of the choices (\(holding.map { Self.describe(branches[$0]) }.joined(separator: "; "))); expected exactly one")
            }
            if holding.isEmpty {
                let typed = zip(branches, results).filter { Self.typeMatches(value, $0.0) }
                let ranked = typed.sorted { $0.1.count < $1.1.count }
                if let best = ranked.first, ranked.count == 1 || ranked[1].1.count > best.1.count {
                    issues += best.1
                } else {
                    fail("expected \(branches.map(Self.describe).joined(separator: " or ")), got \(value.brief)")
                }
            }
        }
        if let types = schema["type"].map(Self.typeNames), !types.isEmpty, !types.contains(where: { Self.isOfType(value, $0) }) {
            return fail("expected \(types.map(Self.article).joined(separator: " or ")), got \(value.brief)")
        }
        if let options = schema["enum"].flatMap(Self.array), !options.contains(value) {
            let words = options.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
            var hint = ""
            if case .string(let s) = value { hint = didYouMean(s, words) }
            return fail("expected one of \(options.map(\.brief).joined(separator: ", ")), got \(value.brief)\(hint)")
        }
        if let constant = schema["const"], constant != value { return fail("expected \(constant.brief), got \(value.brief)") }
        switch value {
        case .number(let n): checkNumber(n, value, schema, fail)
        case .string(let s):
            if case .number(let m)? = schema["minLength"], Double(s.count) < m { fail("expected a string of at least \(Int(m)) characters, got \(value.brief)") }
        case .array(let items):
            if case .number(let m)? = schema["minItems"], Double(items.count) < m { fail("expected at least \(Int(m)) items, got \(items.count)") }
            if case .number(let m)? = schema["maxItems"], Double(items.count) > m { fail("expected at most \(Int(m)) items, got \(items.count)") }
            if let itemSchema = schema["items"] {
                for (k, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(k)]", into: &issues) }
            }
        case .object(let pairs): checkObject(pairs, schema, path, &issues)
        default: break
        }
    }

    private func checkNumber(_ n: Double, _ value: JSONValue, _ schema: JSONValue, _ fail: (String) -> Void) {
        if case .number(let m)? = schema["minimum"], n < m { fail("expected a number >= \(JSONValue.number(m).brief), got \(value.brief)") }
        if case .number(let m)? = schema["maximum"], n > m { fail("expected a number <= \(JSONValue.number(m).brief), got \(value.brief)") }
        if case .number(let m)? = schema["exclusiveMinimum"], n <= m { fail("expected a number > \(JSONValue.number(m).brief), got \(value.brief)") }
        if case .number(let m)? = schema["exclusiveMaximum"], n >= m { fail("expected a number < \(JSONValue.number(m).brief), got \(value.brief)") }
    }

    private func checkObject(_ pairs: [(String, JSONValue)], _ schema: JSONValue, _ path: String, _ issues: inout [Issue]) {
        var properties = [(String, JSONValue)]()
        if case .object(let p)? = schema["properties"] { properties = p }
        let known = properties.map(\.0)
        if case .number(let m)? = schema["maxProperties"], Double(pairs.count) > m {
            issues.append(Issue(path: path, message: "expected at most \(Int(m)) entries, got \(pairs.count)"))
        }
        if case .array(let required)? = schema["required"] {
            for case .string(let key) in required where !pairs.contains(where: { $0.0 == key }) {
                issues.append(Issue(path: path, message: "missing required key '\(key)'"))
            }
        }
        for (key, value) in pairs {
            let childPath = Self.child(path, key)
            if let sub = properties.first(where: { $0.0 == key })?.1 {
                check(value, against: sub, path: childPath, into: &issues)
            } else if schema["additionalProperties"] == .bool(false) {
                issues.append(Issue(path: path, message: "unknown key '\(key)'\(didYouMean(key, known)); expected one of \(known.joined(separator: ", "))"))
            } else if let extra = schema["additionalProperties"] {
                check(value, against: extra, path: childPath, into: &issues)
            }
        }
    }

    private func resolve(_ ref: String) -> JSONValue? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: JSONValue? = schema
        for part in ref.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    static func child(_ path: String, _ key: String) -> String {
        key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? "\(path).\(key)" : "\(path)[\(JSONValue.quoted(key))]"
    }

    private static func array(_ v: JSONValue) -> [JSONValue]? { if case .array(let a) = v { return a } else { return nil } }

    private static func typeNames(_ v: JSONValue) -> [String] {
        switch v {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap { if case .string(let s) = $0 { return s } else { return nil } }
        default: return []
        }
    }

    private static func isOfType(_ value: JSONValue, _ type: String) -> Bool {
        type == value.typeName || (type == "number" && value.typeName == "integer")
    }

    private static func typeMatches(_ value: JSONValue, _ branch: JSONValue) -> Bool {
        if let types = branch["type"].map(typeNames) { return types.contains { isOfType(value, $0) } }
        return true
    }

    private static func article(_ type: String) -> String {
        ["integer": "an integer", "object": "an object", "array": "an array"][type] ?? "a \(type)"
    }

    /// "a string", "one of 'a', 'b'", "an object" — a short description of a schema for messages.
    private static func describe(_ schema: JSONValue) -> String {
        if let options = schema["enum"].flatMap(array) { return "one of \(options.map(\.brief).joined(separator: ", "))" }
        if let c = schema["const"] { return c.brief }
        if let types = schema["type"].map(typeNames), !types.isEmpty { return types.map(article).joined(separator: " or ") }
        return "a value of another shape"
    }
}
