extension JSONValue {
    /// JSON text. `sortedKeys` gives the canonical form used for fingerprints; `indent`
    /// (spaces per level) pretty-prints, nil writes one line.
    public func serialized(sortedKeys: Bool = false, indent: Int? = nil) -> String {
        var out = ""
        write(to: &out, sortedKeys: sortedKeys, indent: indent, level: 0)
        return out
    }

    private func write(to out: inout String, sortedKeys: Bool, indent: Int?, level: Int) {
        let newline = indent.map { "\n" + String(repeating: " ", count: $0 * (level + 1)) } ?? ""
        let close = indent.map { "\n" + String(repeating: " ", count: $0 * level) } ?? ""
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n):
            if n.isFinite, n.rounded() == n, abs(n) < 9e15 { out += String(Int64(n)) }
            else if n.isFinite { out += "\(n)" } else { out += "null" }
        case .string(let s): out += JSONValue.quoted(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (k, item) in items.enumerated() {
                out += (k == 0 ? "" : ",") + newline
                item.write(to: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1)
            }
            out += close + "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            let ordered = sortedKeys ? pairs.sorted { $0.0 < $1.0 } : pairs
            out += "{"
            for (k, (key, value)) in ordered.enumerated() {
                out += (k == 0 ? "" : ",") + newline + JSONValue.quoted(key) + (indent == nil ? ":" : ": ")
                value.write(to: &out, sortedKeys: sortedKeys, indent: indent, level: level + 1)
            }
            out += close + "}"
        }
    }

    /// `s` as a JSON string literal.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16) }
                else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
