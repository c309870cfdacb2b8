import Foundation

/// The scene of one time-lapse, computed once and shared by every output (PNG frames, video,
/// subtitles, the HTML page): figures, the captions chosen for the time available, what each
/// snapshot shows (`moments`), the closing card, the fixed view, the class colours and the
/// pacing (which frame shows which snapshot and caption page). Free of Cairo and immutable, so
/// render threads share it freely.
public struct Scene: Sendable {
    public let input: RenderInput
    /// The style, its `templates.kind` being the word for a class in this scene (`Scene.kind`).
    public let style: Style
    /// The style's words.
    public var words: Templates { style.templates }
    public let history: TrainingHistory
    public let time: TimeWords
    /// Every caption the rules found, ranked (`findCaptions`).
    public let candidates: [Caption]
    /// The captions shown: the candidates minus the smallest ones that did not fit
    /// `style.maxCaptions` per snapshot or `style.maxSeconds` in all.
    public let captions: [Caption]
    public let moments: [Moment]
    public let summary: SummaryCard
    public let pacing: Pacing
    public let view: ViewBox
    /// Class colours `[C]`: the featured classes take the style's theme palette (or its own
    /// list) in rank order, the others the style's `otherKinds` tone; when the style groups
    /// classes, each class takes its group's colour (the palette in group order).
    public let colors: [RGB]
    /// The classes the story is about (`FeaturedKinds`), in rank order: without groups, the
    /// classes with a colour of their own; in any case the table's first rows.
    public let featured: [Int]
    /// Each class's group (`Style.groups`), nil when classes are not grouped.
    public let groupOf: [Int]?
    /// What the map's labels name (`MapLabel.index`), with their colours: the classes, or the
    /// groups when the style groups classes.
    public let labelNames: [String], labelColors: [RGB]
    /// The key's colour rule, one entry a swatch: right (a colour of its kind or group), wrong,
    /// and the shared tone of classes without a colour of their own when there are any.
    public let keyColours: [(colour: RGB, text: String)]
    /// The reading guide shown before training (`Guide`).
    public let guide: Guide
    /// How map dots are coloured (`DotColours`).
    public let dots: DotColours
    /// Per snapshot and class, where the class mostly lies on the map `[S][C]` (`Island`).
    public let islands: [[Island?]]
    /// Per snapshot, the featured classes' names placed beside their islands (`MapLabels`).
    public let labels: [[MapLabel]]
    /// One example sample per class for the table (`nil` when the class has no samples),
    /// preferring one recognised at the last snapshot.
    public let examples: [Int?]
    /// Per snapshot, the most-confused pair shown in the gallery (nil when too few).
    public let galleryPairs: [ConfusedPair?]
    public let layout: Layout
    /// Samples drawn as pictures in the map: round-robin over the classes, taking each class's
    /// members in an evenly spaced order, `style.thumbnailPoints` in all (none without images).
    public let thumbnailSamples: [Int]
    /// Pictures in a gallery.
    public static let galleryLimit = 8

    public init(input: RenderInput, style given: Style) {
        self.input = input
        var style = given
        style.templates.kind = Scene.kind(input, given)
        self.style = style
        let w = style.templates
        let history = TrainingHistory(input)
        self.history = history
        let time = TimeWords(input, words: w)
        self.time = time
        view = ViewBox(coordinates: input.coordinates)
        let candidates = findCaptions(history, when: time.short, words: w, rules: style.rules)
        self.candidates = candidates
        let featured = FeaturedKinds.choose(history, captions: candidates, limit: Palette.light.count)
        self.featured = featured
        var colors = [RGB](repeating: style.otherKinds, count: input.classCount)
        // `viz-render` has checked the groups against the classes (`ClassGroups.indices`).
        let groupOf = style.groups.flatMap { try? $0.indices(classes: input.classes) }
        self.groupOf = groupOf
        if let groups = style.groups, let groupOf {
            let own = Palette.colors(count: groups.names.count, dark: style.dark, overrides: style.classColors)
            colors = groupOf.map { own[$0] }
            labelNames = groups.names
            labelColors = own
            keyColours = [(own[0], Templates.fill(w.keyRight, ["kind": w.group])), (style.wrong, Templates.fill(w.keyWrong, ["kind": w.kind]))]
        } else {
            // Up to ten classes keep their index's colour (stable across runs); beyond, by rank.
            let few = input.classCount <= Palette.light.count
            for (rank, c) in featured.enumerated() {
                colors[c] = c < style.classColors.count ? style.classColors[c] : Palette.color(few ? c : rank, dark: style.dark)
            }
            labelNames = input.classes
            labelColors = colors
            let kind = { (t: String) in Templates.fill(t, ["kind": w.kind]) }
            keyColours = [(featured.first.map { colors[$0] } ?? style.text, kind(w.keyRight)), (style.wrong, kind(w.keyWrong))]
                + (featured.count < input.classCount ? [(style.otherKinds, kind(w.keyOther))] : [])
        }
        self.colors = colors
        dots = DotColours(right: colors, wrong: style.wrong)
        let last = input.predictions[input.snapshotCount - 1]
        let examples = (0..<input.classCount).map { c in
            input.labels.indices.first { input.labels[$0] == c && last[$0] == c }
                ?? input.labels.indices.first { input.labels[$0] == c }
        }
        self.examples = examples
        let galleryPairs = (0..<input.snapshotCount).map { confusedPair(history, $0, style.rules) }
        self.galleryPairs = galleryPairs
        thumbnailSamples = spreadSamples(labels: input.labels, classCount: input.classCount,
                                         count: input.images == nil ? 0 : style.thumbnailPoints)
        let layout = Layout(width: Double(style.width), height: Double(style.height), classCount: input.classCount,
                            panels: style.panels, hasImages: input.images != nil)
        self.layout = layout
        let view = self.view
        let islands = Island.find(coordinates: input.coordinates, labels: input.labels, classCount: input.classCount, view: view)
        self.islands = islands
        let guide = Guide.make(input, words: w, kind: w.kind, colourKind: groupOf == nil ? w.kind : w.group,
                               islands: islands[0], enabled: style.panels.guide)
        self.guide = guide
        if !style.panels[.labels] {
            labels = [[MapLabel]](repeating: [], count: input.snapshotCount)
        } else if let groupOf {
            // Each group labelled beside its densest part: its island's radius holds the share of
            // the group one class makes on average, so a group spread over its classes' islands
            // is named beside one of them, not far outside all of them.
            let members = input.labels.map { groupOf[$0] }, count = labelNames.count
            let share = Double(count) / Double(input.classCount)
            let groupIslands = Island.find(coordinates: input.coordinates, labels: members, classCount: count, view: view, share: share)
            labels = MapLabels.place(input, names: labelNames, islands: groupIslands, featured: Array(0..<count), view: view,
                                     plot: layout.plot, fontSize: style.labelSize * layout.unit)
        } else {
            labels = MapLabels.place(input, names: labelNames, islands: islands, featured: featured, view: view,
                                     plot: layout.plot, fontSize: style.labelSize * layout.unit)
        }
        // Keep the largest captions of each snapshot, then drop the smallest until the video fits;
        // only captions that lengthen their snapshot's hold count: a snapshot whose caption
        // pages read faster than its title holds for the title anyway, so its captions are free.
        var chosen: [Caption] = []
        for s in 0..<input.snapshotCount {
            chosen += candidates.filter { $0.snapshot == s }.prefix(style.maxCaptions)
        }
        var moments: [Moment] = [], summary = SummaryCard(lines: [], gallery: nil)
        var pacing: Pacing
        repeat {
            moments = (0..<input.snapshotCount).map { Scene.moment($0, input, style, history, time, colors, examples, galleryPairs, chosen, islands[$0], view) }
            summary = Scene.summaryCard(input, style, history, time)
            pacing = Pacing(titles: moments.map(\.title), pages: moments.map { $0.pages.map { $0.map(\.text) } },
                            card: summary.text, guideTitle: guide.title, guide: guide.screens.map(\.text), style: style)
            guard pacing.storySeconds > style.maxSeconds,
                  let drop = chosen.indices.filter({ chosen[$0].kind != .intro && Scene.lengthensHold(moments, chosen[$0].snapshot) }).min(by: { chosen[$0].size < chosen[$1].size || (chosen[$0].size == chosen[$1].size && $0 > $1) })
            else { break }
            chosen.remove(at: drop)
        } while true
        captions = chosen
        self.moments = moments
        self.summary = summary
        self.pacing = pacing
    }

    /// Samples shown in the gallery at snapshot `s`: true class and guess equal that snapshot's
    /// most-confused pair, lowest indices first, at most `limit`.
    public func gallerySamples(at s: Int, limit: Int = Scene.galleryLimit) -> [Int] {
        guard let pair = galleryPairs[s] else { return [] }
        return mistaken(input, s, truth: pair.truth, guessed: pair.predicted, limit: limit)
    }

    /// Whether snapshot `s`'s caption pages take longer to read than what is new in its title
    /// (`Pacing.newCharacters`, both at the same reading speed), so that its captions, not its
    /// title, set how long it holds.
    static func lengthensHold(_ moments: [Moment], _ s: Int) -> Bool {
        let title = s == 0 ? moments[s].title.count : Pacing.newCharacters(moments[s - 1].title, moments[s].title)
        return moments[s].pages.map { page in page.map(\.text.count).max() ?? 0 }.reduce(0, +) > title
    }

    /// Every text this scene can put on screen, each once: the style's templates (their own
    /// words; the values filled in are listed separately), the class and group names, and every
    /// filled-in title, caption, table text, gallery heading and summary line. What a font must cover.
    public var texts: [String] {
        var all = Templates.entries.map { words[keyPath: $0.field] } + input.classes + labelNames
        for m in moments {
            all += [m.title, m.details, m.tick] + m.pages.flatMap { $0.map(\.text) }
            all += m.rows.flatMap { [$0.countText, $0.percentText, $0.changeText] }
            all += m.highlights.compactMap { $0?.reason } + [m.gallery?.title].compactMap { $0 }
        }
        all += summary.lines + [summary.gallery?.title].compactMap { $0 }
        var seen: Set<String> = []
        return all.filter { seen.insert($0).inserted }
    }

    /// What one class is, in words: the style's own `templates.kind`, else the file's `subject`
    /// ("digit", "kind of clothing"), else the language's neutral word ("kind").
    static func kind(_ input: RenderInput, _ style: Style) -> String {
        style.ownKind ?? input.subject ?? style.templates.kind
    }

    /// The class whose colour the key's "named right" swatch shows at `moment`: of the classes
    /// with a colour of their own, the one with the most pictures named right (the lowest index
    /// on a tie), so the swatch is a colour on the map now; nil without coloured classes.
    public func keyClass(_ moment: Moment) -> Int? {
        featured.max { moment.rows[$0].right < moment.rows[$1].right || (moment.rows[$0].right == moment.rows[$1].right && $0 > $1) }
    }

    /// The key's colour rule at `moment`: `keyColours` with the "named right" swatch in the
    /// colour of `keyClass(moment)`, a colour on the map now.
    public func keyColours(at moment: Moment) -> [(colour: RGB, text: String)] {
        var entries = keyColours
        if let c = keyClass(moment), !entries.isEmpty { entries[0].colour = colors[c] }
        return entries
    }

    /// A template with `{kind}` filled.
    public func withKind(_ template: String) -> String { Templates.fill(template, ["kind": words.kind]) }

    static func moment(_ s: Int, _ input: RenderInput, _ style: Style, _ h: TrainingHistory, _ time: TimeWords,
                       _ colors: [RGB], _ examples: [Int?], _ pairs: [ConfusedPair?], _ chosen: [Caption],
                       _ islands: [Island?], _ view: ViewBox) -> Moment {
        let w = style.templates, rules = style.rules
        let rows = (0..<input.classCount).map { c -> ClassRow in
            let percent = wholePercent(h.classAccuracy[s][c])
            let change = s > 0 ? percent - wholePercent(h.classAccuracy[s - 1][c]) : nil
            let changeText = change.map { $0 > 0 ? Templates.fill(w.changeUp, ["points": "\($0)"])
                : $0 < 0 ? Templates.fill(w.changeDown, ["points": "\(-$0)"]) : w.changeNone } ?? ""
            return ClassRow(classIndex: c, name: input.classes[c], color: colors[c], right: h.classRight[s][c],
                            size: h.classSizes[c], percent: percent, change: change,
                            countText: Templates.fill(w.rowCount, ["right": w.number(h.classRight[s][c]), "size": w.number(h.classSizes[c])]),
                            percentText: w.percent(h.classAccuracy[s][c]), changeText: changeText,
                            learned: h.learned(c, at: s, rules), example: examples[c])
        }
        let mine = chosen.filter { $0.snapshot == s }
        let lines = max(1, style.captionLines)
        let pages = stride(from: 0, to: mine.count, by: lines).map { Array(mine[$0..<min(mine.count, $0 + lines)]) }
        let biggest = rows.filter { ($0.change ?? 0) != 0 }.max { abs($0.change!) < abs($1.change!) }
        let changeHighlight = biggest.map { Highlight(row: $0.classIndex, reason: w.highlightChange) }
        let highlights = pages.map { page -> Highlight? in
            if let c = page.first(where: { $0.classIndex != nil })?.classIndex {
                return Highlight(row: c, reason: Templates.fill(w.highlightCaption, ["kind": w.kind]))
            }
            return changeHighlight
        }
        let untrained = s == 0 && (input.snapshots[0].imagesSeen ?? Int64(input.snapshots[0].epoch.rounded())) == 0
        let title: String
        if untrained {
            let top = h.topGuess[0]
            let guess = top.share >= rules.dominant
                ? Templates.fill(w.callsEverything, ["share": w.percent(top.share), "dominant": input.classes[top.predicted]])
                : w.guessing
            title = Templates.fill(w.titleUntrained, ["accuracy": w.percent(h.accuracy[s]), "guess": guess])
        } else {
            title = Templates.fill(w.title, ["when": time.long[s], "accuracy": w.percent(h.accuracy[s])])
        }
        let snap = input.snapshots[s]
        let details = Templates.fill(w.details, [
            "layer": input.layer.isEmpty ? w.unknown : input.layer,
            "step": snap.step.map { w.number($0) } ?? w.unknown,
            "epoch": w.decimal(snap.epoch), "pictures": w.number(input.sampleCount)])
        var gallery: GalleryItems? = nil
        if let pair = pairs[s] {
            let samples = mistaken(input, s, truth: pair.truth, guessed: pair.predicted, limit: Scene.galleryLimit)
            gallery = GalleryItems(title: Templates.fill(w.galleryTitle, ["truth": input.classes[pair.truth], "predicted": input.classes[pair.predicted]]),
                                   note: w.galleryNote, samples: samples, guessed: samples.map { input.predictions[s][$0] })
        }
        let marks = pages.map { page in page.lazy.compactMap { MapMark.of($0, at: s, input, islands: islands, view: view, history: h) }.first }
        return Moment(snapshot: s, title: title, details: details, pages: pages, marks: marks, rows: rows, highlights: highlights,
                      changeHighlight: changeHighlight, gallery: gallery, tick: time.tick[s])
    }

    /// The closing card: overall result, the classes it is good at, the pairs it still mixes
    /// up, and the hardest class with its wrong pictures.
    static func summaryCard(_ input: RenderInput, _ style: Style, _ h: TrainingHistory, _ time: TimeWords) -> SummaryCard {
        let w = style.templates, rules = style.rules
        let s = input.snapshotCount - 1, c = input.classCount
        var lines = [Templates.fill(w.summaryTitle, ["when": time.long[s], "accuracy": w.percent(h.accuracy[s])])]
        let good = (0..<c).filter { h.learned($0, at: s, rules) }
            .sorted { h.classAccuracy[s][$0] > h.classAccuracy[s][$1] }
        if !good.isEmpty { lines.append(Templates.fill(w.summaryGood, ["list": w.list(good.map { input.classes[$0] })])) }
        let named = h.confusedPairs(at: s, minimum: rules.minimumConfusions).prefix(3).map {
            Templates.fill(w.summaryPair, ["truth": input.classes[$0.truth], "predicted": input.classes[$0.predicted]])
        }
        if !named.isEmpty { lines.append(Templates.fill(w.summaryMixes, ["pairs": w.list(named)])) }
        var gallery: GalleryItems? = nil
        if let worst = (0..<c).filter({ h.classSizes[$0] > 0 }).min(by: { h.classAccuracy[s][$0] < h.classAccuracy[s][$1] }),
           h.classRight[s][worst] < h.classSizes[worst] {
            lines.append(Templates.fill(w.summaryWorst, ["class": input.classes[worst], "right": w.number(h.classRight[s][worst]),
                                                         "size": w.number(h.classSizes[worst])]))
            let samples = mistaken(input, s, truth: worst, guessed: nil, limit: Scene.galleryLimit)
            gallery = GalleryItems(title: Templates.fill(w.galleryWorst, ["truth": input.classes[worst]]), note: w.galleryNote,
                                   samples: samples, guessed: samples.map { input.predictions[s][$0] })
        }
        return SummaryCard(lines: lines, gallery: gallery)
    }
}

/// Samples of class `truth` guessed wrong at snapshot `s` (as `guessed` when given), lowest
/// indices first, at most `limit`.
func mistaken(_ input: RenderInput, _ s: Int, truth: Int, guessed: Int?, limit: Int) -> [Int] {
    var out: [Int] = []
    let p = input.predictions[s]
    for i in 0..<input.sampleCount where input.labels[i] == truth && p[i] != truth && (guessed == nil || p[i] == guessed) {
        out.append(i)
        if out.count == limit { break }
    }
    return out
}

/// `count` samples spread over the classes: round-robin, each class's members in an evenly
/// spaced order.
func spreadSamples(labels: [Int], classCount: Int, count: Int) -> [Int] {
    var members = [[Int]](repeating: [], count: classCount)
    for (i, l) in labels.enumerated() { members[l].append(i) }
    let wanted = min(count, labels.count)
    let perClass = (wanted + classCount - 1) / max(1, classCount)
    var picked: [Int] = []
    var round = 0
    while picked.count < wanted && round < perClass {
        for c in 0..<classCount where picked.count < wanted && round < members[c].count {
            picked.append(members[c][(round * members[c].count) / max(1, perClass)])
        }
        round += 1
    }
    return picked
}
