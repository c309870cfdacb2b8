import Foundation
import Support

/// Every word a viewer reads, frames and page alike. `{name}` placeholders are filled from the
/// scene; each template accepts only the placeholders listed for it in `Templates.entries`, and a
/// style naming any other is refused with the list of valid ones.
public struct Templates: Sendable, Equatable {
    // Time, in pictures seen (format version 2) or passes (version 1).
    public var title = "After {when}: {accuracy} right"
    public var titleUntrained = "Before any practice: {accuracy} right; {guess}"
    public var whenPictures = "{seen} practice pictures"
    public var whenPicturesShort = "{seen} practice pictures"
    public var whenPasses = "{passes} of practice"
    public var passPart = "{percent} of the first pass"
    public var passOne = "one round"
    public var passMany = "{passes} rounds"
    public var guessing = "it is guessing"
    public var callsEverything = "it calls {share} of all pictures {dominant}"
    // The reading guide before training (empty = that screen is left out).
    public var guideTitle = "How to read the map"
    public var guideDot = "Each dot is one test picture: the program never practises on it."
    public var guideAlike = "Dots close together are pictures the network finds alike."
    public var guidePractice = "The program, a neural network, practises on other pictures and learns from its mistakes."
    public var guideColour = "A dot takes its {kind}'s colour once the network names it right. Grey: still wrong."
    /// Shown as the first caption, before training (empty = none).
    public var intro = "Watch the pictures sort themselves as the network practises."
    // Key under the map.
    public var keyDots = "Each dot is a test picture. Close dots look alike to the network."
    public var keyRight = "Coloured: named right"
    public var keyWrong = "Grey: named wrong"
    public var keyOther = "Dark grey: another {kind}, named right"
    public var keyPictures = "Some dots are shown as their picture."
    /// The word for a class, e.g. "kind of clothing".
    public var kind = "kind"
    // Class table.
    public var tableTitle = "Right now"
    public var tableChange = "change"
    public var rowCount = "{right} of {size}"
    /// The table's last row when not every class fits.
    public var tableRest = "… and {count} more: {accuracy} right"
    /// The page's search box over the table.
    public var findKind = "Find a {kind} by name"
    public var changeUp = "▲ {points}"
    public var changeDown = "▼ {points}"
    public var changeNone = "–"
    public var learnedMark = "✓"
    public var learnedNote = "✓ learned: at least {learned} right, and not just by guessing it for everything"
    public var highlightCaption = "Highlighted: the {kind} the caption is about"
    public var highlightChange = "Highlighted: the biggest change since the moment before"
    // Curve.
    public var curveTitle = "Share of test pictures right"
    public var curveRight = "— right"
    public var curveLoss = "- - - error (loss, lower is better)"
    // Gallery.
    public var galleryTitle = "{truth} pictures the network took for {predicted}"
    public var galleryEmpty = "The network's most common mistake will show here."
    public var galleryNote = "Circled on the map; border colour = the network's guess"
    public var galleryWorst = "{truth} pictures it still gets wrong"
    // Timeline and details.
    public var timelineTitle = "Practice pictures"
    public var timelineTitlePasses = "Rounds of practice"
    public var timelineStart = "start"
    public var timelinePass = "pass {n}"
    public var details = "Details: layer {layer} · step {step} · epoch {epoch} · {pictures} test pictures · 2-D map by UMAP"
    public var unknown = "?"
    // Captions (rules in CaptionRules).
    public var captionLeap = "Biggest leap: from {before} to {after} right, by {when}."
    public var captionLearned = "The network has learned {class}: {right} of {size} right now."
    public var captionBetter = "{class} got better: {before} → {after} right ({right} of {size})."
    public var captionWorse = "{class} got worse: {before} → {after} right ({right} of {size})."
    public var captionWorseWhy = "{class} got worse ({before} → {after} right): it now takes more of them for {predicted}, which look alike."
    public var captionRecovered = "{class} got worse for a while ({peak} → {low}) and has recovered: {after} right."
    public var captionSeparated = "After only {when}, {class} already stands apart on the map."
    public var captionFrontLoaded = "Half of the final progress came in the first {share} of practice."
    public var captionConfused = "Most often mixed up now: {truth} taken for {predicted} ({count} pictures)."
    public var captionStillConfused = "{truth} is still most often taken for {predicted} ({count} pictures)."
    public var captionDominant = "It calls {share} of all pictures {dominant}."
    // Closing summary card.
    public var summaryTitle = "In short: {accuracy} right after {when}"
    public var summaryGood = "Good at {list}."
    public var summaryMixes = "Still mixes up {pairs}."
    public var summaryPair = "{truth} with {predicted}"
    public var summaryWorst = "Hardest: {class}, {right} of {size} right. Its wrong pictures are below."
    public var listComma = ", "
    public var listAnd = " and "
    // Numbers.
    public var percent = "{n} %"
    public var thousands = ","
    public init() {}

    /// Style key, field and accepted placeholders of every template: the one list the parser,
    /// the placeholder check and docs/render.md follow.
    public static let entries: [(key: String, field: WritableKeyPath<Templates, String>, placeholders: [String])] = [
        ("title", \.title, ["when", "accuracy"]),
        ("title_untrained", \.titleUntrained, ["accuracy", "guess"]),
        ("when_pictures", \.whenPictures, ["seen", "pass"]),
        ("when_pictures_short", \.whenPicturesShort, ["seen"]),
        ("when_passes", \.whenPasses, ["passes"]),
        ("pass_part", \.passPart, ["percent"]),
        ("pass_one", \.passOne, []),
        ("pass_many", \.passMany, ["passes"]),
        ("guessing", \.guessing, []),
        ("calls_everything", \.callsEverything, ["share", "dominant"]),
        ("guide_title", \.guideTitle, []),
        ("guide_dot", \.guideDot, ["kind"]),
        ("guide_alike", \.guideAlike, ["kind"]),
        ("guide_practice", \.guidePractice, ["kind"]),
        ("guide_colour", \.guideColour, ["kind"]),
        ("intro", \.intro, []),
        ("key_dots", \.keyDots, ["kind"]),
        ("key_right", \.keyRight, ["kind"]),
        ("key_wrong", \.keyWrong, ["kind"]),
        ("key_other", \.keyOther, ["kind"]),
        ("key_pictures", \.keyPictures, ["kind"]),
        ("kind", \.kind, []),
        ("table_title", \.tableTitle, []),
        ("table_change", \.tableChange, []),
        ("row_count", \.rowCount, ["right", "size"]),
        ("table_rest", \.tableRest, ["count", "kind", "accuracy"]),
        ("find_kind", \.findKind, ["kind"]),
        ("change_up", \.changeUp, ["points"]),
        ("change_down", \.changeDown, ["points"]),
        ("change_none", \.changeNone, []),
        ("learned_mark", \.learnedMark, []),
        ("learned_note", \.learnedNote, ["learned"]),
        ("highlight_caption", \.highlightCaption, ["kind"]),
        ("highlight_change", \.highlightChange, []),
        ("curve_title", \.curveTitle, []),
        ("curve_right", \.curveRight, []),
        ("curve_loss", \.curveLoss, []),
        ("gallery_title", \.galleryTitle, ["truth", "predicted"]),
        ("gallery_empty", \.galleryEmpty, []),
        ("gallery_note", \.galleryNote, []),
        ("gallery_worst", \.galleryWorst, ["truth"]),
        ("timeline_title", \.timelineTitle, []),
        ("timeline_title_passes", \.timelineTitlePasses, []),
        ("timeline_start", \.timelineStart, []),
        ("timeline_pass", \.timelinePass, ["n"]),
        ("details", \.details, ["layer", "step", "epoch", "pictures"]),
        ("unknown", \.unknown, []),
        ("caption_leap", \.captionLeap, ["before", "after", "when"]),
        ("caption_learned", \.captionLearned, ["class", "right", "size", "after"]),
        ("caption_better", \.captionBetter, ["class", "before", "after", "right", "size"]),
        ("caption_worse", \.captionWorse, ["class", "before", "after", "right", "size"]),
        ("caption_worse_why", \.captionWorseWhy, ["class", "before", "after", "right", "size", "predicted"]),
        ("caption_recovered", \.captionRecovered, ["class", "peak", "low", "after"]),
        ("caption_separated", \.captionSeparated, ["class", "when"]),
        ("caption_front_loaded", \.captionFrontLoaded, ["share"]),
        ("caption_confused", \.captionConfused, ["truth", "predicted", "count"]),
        ("caption_still_confused", \.captionStillConfused, ["truth", "predicted", "count"]),
        ("caption_dominant", \.captionDominant, ["share", "dominant"]),
        ("summary_title", \.summaryTitle, ["when", "accuracy"]),
        ("summary_good", \.summaryGood, ["list"]),
        ("summary_mixes", \.summaryMixes, ["pairs"]),
        ("summary_pair", \.summaryPair, ["truth", "predicted"]),
        ("summary_worst", \.summaryWorst, ["class", "right", "size"]),
        ("list_comma", \.listComma, []),
        ("list_and", \.listAnd, []),
        ("percent", \.percent, ["n"]),
        ("thousands", \.thousands, []),
    ]

    /// Reads the `templates` object of a style: every key optional; an unknown placeholder is an
    /// error naming the key and listing the valid ones.
    static func parse(_ t: ConfigObject, into templates: inout Templates) throws {
        for entry in entries {
            let text = try t.string(entry.key, default: templates[keyPath: entry.field])
            if let bad = placeholders(in: text).first(where: { !entry.placeholders.contains($0) }) {
                let valid = entry.placeholders.isEmpty ? "none" : entry.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                throw t.error(entry.key, "unknown placeholder {\(bad)} in \"\(text)\"; valid here: \(valid)")
            }
            templates[keyPath: entry.field] = text
        }
        try t.finish()
    }

    /// The `{name}` placeholders of a template, in order.
    public static func placeholders(in template: String) -> [String] {
        var out: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            out.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return out
    }

    /// `template` with each `{name}` replaced by `values[name]` (left as is when absent).
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { rest = rest[open...]; break }
            let name = String(after[..<close])
            out += values[name] ?? "{\(name)}"
            rest = after[after.index(after: close)...]
        }
        return out + rest
    }

    /// `n` with the thousands separator: 3200 → "3,200".
    public func number(_ n: Int64) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += thousands }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    public func number(_ n: Int) -> String { number(Int64(n)) }

    /// A share 0...1 as a whole percentage: 0.454 → "45 %".
    public func percent(_ share: Double) -> String {
        Templates.fill(percent, ["n": "\(wholePercent(share))"])
    }

    /// A share 0...1 as a percentage with one decimal below 10 % (e.g. "2.5 %"), else whole.
    public func finePercent(_ share: Double) -> String {
        let p = share * 100
        let text = p < 9.95 && abs(p - p.rounded()) >= 0.05 ? String(format: "%.1f", p) : "\(Int(p.rounded()))"
        return Templates.fill(percent, ["n": text])
    }

    /// Names joined as "a, b and c".
    public func list(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: listComma) + listAnd + names[names.count - 1]
    }
}

/// A share 0...1 as the whole percentage shown to viewers; every figure on screen and every
/// difference between figures uses this rounding.
public func wholePercent(_ share: Double) -> Int { share.isFinite ? Int((share * 100).rounded()) : 0 }
