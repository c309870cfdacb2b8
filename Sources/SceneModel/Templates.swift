import Foundation
import Support

/// Every word a viewer reads, frames and page alike, and the numbers' marks. The words come from a
/// language file (`Language`: `languages/en.json`, `ja.json`, …); a style's `templates` override
/// single entries. `{name}` placeholders are filled from the scene; each template accepts only
/// the placeholders listed for it in `Templates.entries`, and a file naming any other is refused
/// with the list of valid ones. Adding a template: its field, its line in `entries`, and its
/// line in every shipped language file (a test checks that they agree).
public struct Templates: Sendable, Equatable {
    // Time, in pictures seen (format version 2) or passes (version 1).
    public var title = ""
    public var titleUntrained = ""
    public var whenPictures = ""
    public var whenPicturesShort = ""
    public var whenPasses = ""
    public var passPart = ""
    public var passOne = ""
    public var passMany = ""
    public var guessing = ""
    public var callsEverything = ""
    // The reading guide before training (empty = that screen is left out).
    public var guideTitle = ""
    public var guideDot = ""
    public var guideAlike = ""
    public var guidePractice = ""
    public var guideColour = ""
    /// Shown as the first caption, before training (empty = none).
    public var intro = ""
    // Key under the map.
    public var keyDots = ""
    public var keyRight = ""
    public var keyWrong = ""
    public var keyOther = ""
    public var keyPictures = ""
    /// The neutral word for a class ("kind"); a file's `subject` takes its place (`Scene`).
    public var kind = ""
    /// The word for one of the style's groups of classes (`ClassGroups`): the key's colour lines
    /// and the guide's colour screen say it in place of `kind` when classes are grouped.
    public var group = ""
    // Class table.
    public var tableTitle = ""
    public var tableChange = ""
    public var rowCount = ""
    /// The table's last row when not every class fits.
    public var tableRest = ""
    /// The page's search box over the table.
    public var findKind = ""
    public var changeUp = ""
    public var changeDown = ""
    public var changeNone = ""
    public var learnedMark = ""
    public var learnedNote = ""
    public var highlightCaption = ""
    public var highlightChange = ""
    // Curve.
    public var curveTitle = ""
    public var curveRight = ""
    public var curveLoss = ""
    // Gallery.
    public var galleryTitle = ""
    public var galleryEmpty = ""
    public var galleryNote = ""
    public var galleryWorst = ""
    // Timeline and details.
    public var timelineTitle = ""
    public var timelineTitlePasses = ""
    public var timelineStart = ""
    public var details = ""
    public var unknown = ""
    // Captions (rules in CaptionRules).
    public var captionLeap = ""
    public var captionLearned = ""
    public var captionBetter = ""
    public var captionWorse = ""
    public var captionWorseWhy = ""
    public var captionRecovered = ""
    public var captionSeparated = ""
    public var captionFrontLoaded = ""
    public var captionConfused = ""
    public var captionStillConfused = ""
    public var captionDominant = ""
    // Closing summary card.
    public var summaryTitle = ""
    public var summaryGood = ""
    public var summaryMixes = ""
    public var summaryPair = ""
    public var summaryWorst = ""
    public var listComma = ""
    public var listAnd = ""
    // Numbers.
    public var percent = ""
    public var thousands = ""
    public var decimal = ""
    // The page's own words (`{{page_*}}` in Viewer's page.html, and its script's `W`).
    public var pagePlay = "", pagePause = "", pageTruth = "", pageGuessRight = "", pageGuessWrong = ""
    public var pageFirstRecognised = "", pageNeverRecognised = "", pageAlwaysRecognised = "", pageForgotten = ""
    public var pagePin = "", pagePinned = "", pageGalleryHint = "", pageGalleryItem = "", pageShowClass = ""
    public var pageNoCaptions = "", pageGuideNext = "", pageGuideSkip = "", pageGuideDone = "", pageDetails = ""
    public var pageTitle = "", pageMapLabel = "", pageMapHint = "", pageHistoryLabel = "", pageTableHint = ""
    public var pageCurveLabel = "", pageCaptionsTitle = "", pageMoment = "", pageSpeed = "", pageMistakes = "", pageHelp = ""
    /// English, the default language (`languages/en.json`).
    public init() { self = Language.english.templates }
    /// Every template empty, for a language file to fill.
    init(blank: Void) {}

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
        ("intro", \.intro, ["kind"]),
        ("key_dots", \.keyDots, ["kind"]),
        ("key_right", \.keyRight, ["kind"]),
        ("key_wrong", \.keyWrong, ["kind"]),
        ("key_other", \.keyOther, ["kind"]),
        ("key_pictures", \.keyPictures, ["kind"]),
        ("kind", \.kind, []),
        ("group", \.group, []),
        ("table_title", \.tableTitle, ["kind"]),
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
        ("decimal", \.decimal, []),
        ("page_play", \.pagePlay, []),
        ("page_pause", \.pagePause, []),
        ("page_truth", \.pageTruth, ["kind", "name"]),
        ("page_guess_right", \.pageGuessRight, ["name"]),
        ("page_guess_wrong", \.pageGuessWrong, ["name"]),
        ("page_first_recognised", \.pageFirstRecognised, ["when"]),
        ("page_never_recognised", \.pageNeverRecognised, []),
        ("page_always_recognised", \.pageAlwaysRecognised, []),
        ("page_forgotten", \.pageForgotten, ["when"]),
        ("page_pin", \.pagePin, []),
        ("page_pinned", \.pagePinned, []),
        ("page_gallery_hint", \.pageGalleryHint, []),
        ("page_gallery_item", \.pageGalleryItem, ["truth", "predicted"]),
        ("page_show_class", \.pageShowClass, ["name"]),
        ("page_no_captions", \.pageNoCaptions, []),
        ("page_guide_next", \.pageGuideNext, []),
        ("page_guide_skip", \.pageGuideSkip, []),
        ("page_guide_done", \.pageGuideDone, []),
        ("page_details", \.pageDetails, []),
        ("page_title", \.pageTitle, []),
        ("page_map_label", \.pageMapLabel, []),
        ("page_map_hint", \.pageMapHint, []),
        ("page_history_label", \.pageHistoryLabel, []),
        ("page_table_hint", \.pageTableHint, ["kind"]),
        ("page_curve_label", \.pageCurveLabel, []),
        ("page_captions_title", \.pageCaptionsTitle, []),
        ("page_moment", \.pageMoment, []),
        ("page_speed", \.pageSpeed, []),
        ("page_mistakes", \.pageMistakes, []),
        ("page_help", \.pageHelp, []),
    ]

    /// The entries a `templates` object gives, by key, each checked against its placeholders (an
    /// unknown one is an error naming the key and listing the valid ones). A style's object may
    /// give any of them; a language file's (`complete`) must give every one. Unknown keys are refused.
    static func read(_ t: ConfigObject, complete: Bool) throws -> [String: String] {
        var given: [String: String] = [:]
        for entry in entries where complete || t.has(entry.key) {
            let text = try t.string(entry.key)
            if let bad = placeholders(in: text).first(where: { !entry.placeholders.contains($0) }) {
                let valid = entry.placeholders.isEmpty ? "none" : entry.placeholders.map { "{\($0)}" }.joined(separator: ", ")
                throw t.error(entry.key, "unknown placeholder {\(bad)} in \"\(text)\"; valid here: \(valid)")
            }
            given[entry.key] = text
        }
        try t.finish()
        return given
    }

    /// These templates with the entries of `given` (by key) in place of their own.
    func replacing(_ given: [String: String]) -> Templates {
        var out = self
        for entry in Self.entries { if let text = given[entry.key] { out[keyPath: entry.field] = text } }
        return out
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

    /// `template` with each `{name}` replaced by `values[name]` (left as is when absent); a value
    /// holding right-to-left text goes in as a bidirectional isolate (`Bidi.isolated`).
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { rest = rest[open...]; break }
            let name = String(after[..<close])
            out += values[name].map(Bidi.isolated) ?? "{\(name)}"
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
        return Templates.fill(percent, ["n": text.replacingOccurrences(of: ".", with: decimal)])
    }

    /// A number with at most two decimals, no trailing zeros and the language's decimal mark:
    /// 1.0 → "1", 0.25 → "0.25" ("0,25" with a decimal comma).
    public func decimal(_ x: Double) -> String {
        var s = String(format: "%.2f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s.replacingOccurrences(of: ".", with: decimal)
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
