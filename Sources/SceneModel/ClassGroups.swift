import Support

/// Classes mapped by the user to at most `limit` groups (CIFAR-100's 100 classes to its 20
/// superclasses, say): the style's `groups`, or the `groups` of the JSON file its `groups_file`
/// names, each an object of group name → the names of its classes. With groups, a dot takes its
/// group's colour, and the map's labels and the key name groups (`Scene`); captions, the table
/// and the summary still speak of classes.
public struct ClassGroups: Sendable, Equatable {
    /// At most this many groups: the 20 superclasses of CIFAR-100.
    public static let limit = 20
    /// Group names, in the order given.
    public let names: [String]
    /// The class names of each group.
    public let members: [[String]]
    /// Where the groups were read, "file: $.groups", for messages.
    public let source: String

    /// Reads the `groups` key of `c`, nil when absent. More than `limit` groups, a group with no
    /// class, or a class in two groups is a bad input naming the key and the value.
    static func read(_ c: ConfigObject) throws -> ClassGroups? {
        guard let pairs = try c.stringLists("groups", maxKeys: limit) else { return nil }
        guard !pairs.isEmpty else { throw c.error("groups", "expected at least one group, got none") }
        var seen: [String: String] = [:]   // class → its group
        for (group, classes) in pairs {
            guard !classes.isEmpty else { throw c.error("groups.\(group)", "the group names no class") }
            for name in classes {
                if let other = seen[name] {
                    throw c.error("groups.\(group)", "class \"\(name)\" is already in group \"\(other)\"; a class belongs to one group")
                }
                seen[name] = group
            }
        }
        return ClassGroups(names: pairs.map(\.0), members: pairs.map(\.1), source: "\(c.file): \(c.path("groups"))")
    }

    /// Each class's group index `[C]`, for the class names of a recording. A name no class has,
    /// or a class in no group, is a bad input naming the key and the value.
    public func indices(classes: [String]) throws -> [Int] {
        var index: [String: Int] = [:]
        for (c, name) in classes.enumerated() { index[name] = c }
        var groupOf = [Int?](repeating: nil, count: classes.count)
        for (g, group) in members.enumerated() {
            for name in group {
                guard let c = index[name] else {
                    throw ToolError.badInput("\(source).\(names[g]): no class is named \"\(name)\" in this recording "
                        + "(its \(classes.count) classes: \(Self.listed(classes)))")
                }
                groupOf[c] = g
            }
        }
        let loose = classes.indices.filter { groupOf[$0] == nil }
        guard loose.isEmpty else {
            throw ToolError.badInput("\(source): every class needs a group; \(loose.count) have none: \(Self.listed(loose.map { classes[$0] }))")
        }
        return groupOf.compactMap { $0 }
    }

    /// Names quoted and comma-separated, the first ten and a count of the rest.
    static func listed(_ names: [String]) -> String {
        let shown = names.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
        return names.count > 10 ? shown + " and \(names.count - 10) more" : shown
    }
}
