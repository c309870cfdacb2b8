/// Which rows of the class table a frame has room for. With every class fitting, all of them in
/// class order. Otherwise `room − 1` classes, shown in class order, chosen in this order: the
/// highlighted class, the featured classes (`FeaturedKinds`), then the largest changes since
/// the previous snapshot (ties: lower class index); the last row sums up the rest.
public enum TableRows {
    /// The classes shown and the classes summed up in the last row (empty when all fit).
    public static func choose(_ moment: Moment, featured: [Int], highlight: Int?, room: Int) -> (shown: [Int], rest: [Int]) {
        let c = moment.rows.count
        guard c > room else { return (Array(0..<c), []) }
        let slots = max(0, room - 1)
        var picked: [Int] = []
        func take(_ k: Int) { if picked.count < slots && !picked.contains(k) { picked.append(k) } }
        if let highlight { take(highlight) }
        featured.forEach(take)
        let change = moment.rows.map { abs($0.change ?? 0) }
        (0..<c).sorted { change[$0] != change[$1] ? change[$0] > change[$1] : $0 < $1 }.forEach(take)
        let shown = picked.sorted()
        let set = Set(shown)
        return (shown, (0..<c).filter { !set.contains($0) })
    }

    /// The last row's words for the classes in `rest`: how many and their pictures' share right.
    public static func restText(_ moment: Moment, rest: [Int], words w: Templates, kind: String) -> String {
        let right = rest.reduce(0) { $0 + moment.rows[$1].right }, size = rest.reduce(0) { $0 + moment.rows[$1].size }
        return Templates.fill(w.tableRest, ["count": w.number(rest.count), "kind": kind,
                                            "accuracy": w.percent(size == 0 ? 0 : Double(right) / Double(size))])
    }
}
