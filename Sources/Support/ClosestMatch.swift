/// The Levenshtein edit distance between two strings (insertions, deletions and
/// substitutions each cost 1), over Unicode scalars.
public func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a likely
/// typo: at most a third of the longer word's length apart (at least 1 edit, 2 for words of
/// four letters or more, so a swapped pair like "widht" still matches), or one contains the other.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(word, candidate)
        if best == nil || d < best!.1 { best = (candidate, d) }
    }
    guard let (candidate, distance) = best else { return nil }
    let longest = max(word.count, candidate.count)
    let limit = max(longest >= 4 ? 2 : 1, longest / 3)
    let lw = word.lowercased(), lc = candidate.lowercased()
    if distance <= limit || lc.contains(lw) || lw.contains(lc) { return candidate }
    return nil
}

/// " (did you mean 'x'?)" when a close candidate exists, else "".
public func didYouMean(_ word: String, _ candidates: [String]) -> String {
    closestMatch(to: word, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
}
