import Artifacts
import Foundation
import SceneModel
import Support

/// What the page shows, computed once from the same `Scene` the frames are drawn from, as one
/// compact JSON document (shapes: S snapshots, N samples, C classes). Every word comes from the
/// scene (its moments, summary card and the style's templates) and every colour from its style
/// and palette; only words about the page's own controls live in the page template.
///
/// - `classes` [C], `colors` [C] ("#rrggbb"), `labels` base64 `[N]` and `guesses` base64 `[S][N]`
///   (argmax of the probabilities) as unsigned integers of `indexBytes` bytes, little-endian;
/// - `coords`: `QuantisedCoordinates` (base64 uint16 `[S][N][2]` and their box), `view`: the
///   frames' fixed view box [minX, maxX, minY, maxY];
/// - `snapshots` [S] {seen, epoch, epochEnd}, `accuracy` [S] (share right, for the curve);
/// - per snapshot, from `Scene.moments`: `titles` [S], `details` [S], `when` [S] (the time in
///   words), `tick` [S], `captions` [S][…] (every page's lines in order), `rows` [S][C]
///   {count, percent, change, points, learned}, `highlight` [S] ({row, reason} or null: the biggest change),
///   `key` [[colour, text]] (`Scene.keyColours`), `keyClass` [S] (whose colour the first
///   swatch takes at each snapshot, `Scene.keyClass`), `labelNames` and `labelColors` (what the map's
///   labels name: the classes, or the style's groups), `groupOf` [C] (each class's group, or null
///   without groups), `mapLabels` [S][…] ([label, x, y]: the `MapLabels` box centres in map
///   coordinates, label indexing `labelNames`), `marks` [S] ([x, y, radius]
///   of the first caption mark, `MapMark`, or null), `guide` {title, screens [{text, lit,
///   coloured}]} (`Guide`), `gallery` [S] ({title, note, samples} or null);
/// - `summary` {lines, gallery}: the closing card, shown at the last snapshot;
/// - `words`: the style's templates the panels need (table, curve, gallery, timeline, the key's
///   first line, with `{kind}` filled, the percent format);
/// - `examples` [C] (a sample per class or null), `atlas` (see `SpriteAtlas`: picture and cell
///   size, columns, per sheet, lossless, WebP sheets) or null;
/// - `style`: colours, font, dot size and opacity, easing, seconds per snapshot (the video's pace:
///   frames before the closing card / fps / S).
public struct PageData {
    /// The document, with each base64 payload replaced by a token (see `scriptText`).
    private let json: JSONValue
    /// Base64 payloads (megabytes for the atlas): they need no JSON escaping, so they are
    /// spliced into the text instead of being quoted character by character. Payload k's token
    /// is the string U+0001, `nonce`, k, U+0001; the random nonce keeps any user text from
    /// posing as a token, and never reaches the output.
    private let payloads: [String]
    private let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 16)

    public init(scene: Scene) {
        var payloads: [String] = []
        let nonce = self.nonce
        func payload(_ text: String) -> JSONValue {
            payloads.append(text)
            return .string("\u{1}\(nonce)\(payloads.count - 1)\u{1}")
        }
        let input = scene.input, style = scene.style, w = scene.words
        let indexBytes = input.classCount <= 256 ? 1 : 2
        func packed(_ values: [Int]) -> JSONValue {
            var d = Data(capacity: values.count * indexBytes)
            for v in values {
                d.append(UInt8(v & 0xFF))
                if indexBytes == 2 { d.append(UInt8(v >> 8)) }
            }
            return payload(d.base64EncodedString())
        }
        func number(_ x: Double, places: Double = 10_000) -> JSONValue { .number((x * places).rounded() / places) }
        func strings(_ xs: [String]) -> JSONValue { .array(xs.map { .string($0) }) }
        func gallery(_ g: GalleryItems?) -> JSONValue {
            guard let g, !g.samples.isEmpty else { return .null }
            return .object([("title", .string(g.title)), ("note", .string(g.note)),
                            ("samples", .array(g.samples.map { .number(Double($0)) }))])
        }
        let coords = QuantisedCoordinates(input.coordinates)
        let moments = scene.moments
        let data: [(String, JSONValue)] = [
            ("classes", strings(input.classes)),
            ("colors", strings(scene.colors.map(hex))),
            ("indexBytes", .number(Double(indexBytes))),
            ("labels", packed(input.labels)),
            ("guesses", packed(input.predictions.flatMap { $0 })),
            ("coords", .object([
                ("box", .array([coords.minX, coords.maxX, coords.minY, coords.maxY].map { .number($0) })),
                ("steps", .number(QuantisedCoordinates.steps)),
                ("data", payload(coords.bytes.base64EncodedString())),
            ])),
            ("view", .array([scene.view.minX, scene.view.maxX, scene.view.minY, scene.view.maxY].map { .number($0) })),
            ("snapshots", .array(input.snapshots.map(Self.snapshotJSON))),
            ("accuracy", .array(scene.history.accuracy.map { number($0) })),
            ("examples", .array(scene.examples.map { $0.map { .number(Double($0)) } ?? .null })),
            ("atlas", input.images.flatMap { SpriteAtlas($0, side: style.thumbnailPixels, megabytes: style.pagePictureMegabytes) }
                .map { Self.atlasJSON($0, payload) } ?? .null),
        ]
        let rows: [JSONValue] = moments.map { m in .array(m.rows.map(Self.rowJSON)) }
        let highlights: [JSONValue] = moments.map { m in m.changeHighlight.map(Self.highlightJSON) ?? .null }
        let captions: [JSONValue] = moments.map { strings($0.pages.flatMap { $0.map(\.text) }) }
        let words: [(String, JSONValue)] = [
            ("titles", strings(moments.map(\.title))),
            ("details", strings(moments.map(\.details))),
            ("when", strings(scene.time.long)),
            ("tick", strings(moments.map(\.tick))),
            ("captions", .array(captions)),
            ("rows", .array(rows)),
            ("highlight", .array(highlights)),
            ("key", .array(scene.keyColours.map { .array([.string(hex($0.colour)), .string($0.text)]) })),
            ("labelNames", strings(scene.labelNames)),
            ("labelColors", strings(scene.labelColors.map(hex))),
            ("groupOf", scene.groupOf.map { .array($0.map { .number(Double($0)) }) } ?? .null),
            ("keyClass", .array(moments.map { m in scene.keyClass(m).map { .number(Double($0)) } ?? .null })),
            ("guide", .object([("title", .string(scene.guide.title)), ("screens", .array(scene.guide.screens.map { g in
                .object([("text", .string(g.text)), ("lit", .array(g.lit.map { .number(Double($0)) })), ("coloured", .bool(g.coloured))])
            }))])),
            ("mapLabels", .array(scene.labels.map { .array($0.map { Self.labelJSON($0, scene) }) })),
            ("marks", .array(moments.map { m in m.marks.lazy.compactMap { $0 }.first.map(Self.markJSON) ?? .null })),
            ("gallery", .array(moments.map { gallery($0.gallery) })),
            ("summary", .object([("lines", strings(scene.summary.lines)), ("gallery", gallery(scene.summary.gallery))])),
            ("words", Self.wordsJSON(scene)),
            ("kind", .string(w.kind)),
        ]
        let pace = Double(scene.pacing.cardFrame) / Double(scene.pacing.fps) / Double(max(1, input.snapshotCount))
        let look: [(String, JSONValue)] = [
            ("dark", .bool(style.dark)),
            ("background", .string(hex(style.background))), ("text", .string(hex(style.text))),
            ("muted", .string(hex(style.muted))), ("highlight", .string(hex(style.highlight))),
            ("accent", .string(hex(style.accent))), ("better", .string(hex(style.better))),
            ("worse", .string(hex(style.worse))), ("card", .string(hex(style.card))),
            ("wrong", .string(hex(style.wrong))),
            ("font", .string(style.font)),
            ("pointSize", .number(style.pointSize)), ("dotRadius", .number(style.dotRadius(unit: 1))),
            ("pointAlpha", .number(style.pointAlpha)),
            ("easing", .string(style.easing.rawValue)),
            ("secondsPerSnapshot", number(pace)),
        ]
        json = .object(data + words + [("style", .object(look))])
        self.payloads = payloads
    }

    private static func snapshotJSON(_ snap: Snapshot) -> JSONValue {
        .object([("seen", snap.imagesSeen.map { .number(Double($0)) } ?? .null),
                 ("epoch", .number((snap.epoch * 10_000).rounded() / 10_000)), ("epochEnd", .bool(snap.epochEnd))])
    }

    private static func rowJSON(_ r: ClassRow) -> JSONValue {
        .object([("count", .string(r.countText)), ("percent", .string(r.percentText)), ("change", .string(r.changeText)),
                 ("points", r.change.map { .number(Double($0)) } ?? .null), ("learned", .bool(r.learned))])
    }

    /// A map label as [label, x, y]: its box's centre in map coordinates, so the page places it
    /// at its own scale.
    private static func labelJSON(_ l: MapLabel, _ scene: Scene) -> JSONValue {
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        let x = (l.box.x + l.box.width / 2 - dx) / scale, y = (dy - (l.box.y + l.box.height / 2)) / scale
        return .array([.number(Double(l.index)), .number(rounded(x)), .number(rounded(y))])
    }

    /// A caption's mark as [x, y, radius] in map coordinates.
    private static func markJSON(_ m: MapMark) -> JSONValue {
        .array([.number(rounded(m.x)), .number(rounded(m.y)), .number(rounded(m.radius))])
    }

    private static func rounded(_ v: Double) -> Double { (v * 10_000).rounded() / 10_000 }

    private static func highlightJSON(_ h: Highlight) -> JSONValue {
        .object([("row", .number(Double(h.row))), ("reason", .string(h.reason))])
    }

    /// The style's templates the panels show whatever the snapshot.
    private static func wordsJSON(_ scene: Scene) -> JSONValue {
        let w = scene.words, rules = scene.style.rules
        let pairs: [(String, String)] = [
            ("tableTitle", scene.withKind(w.tableTitle)), ("tableChange", w.tableChange), ("learnedMark", w.learnedMark),
            ("learnedNote", Templates.fill(w.learnedNote, ["learned": w.percent(rules.learned)])),
            ("curveTitle", w.curveTitle), ("galleryEmpty", w.galleryEmpty),
            ("timelineStart", w.timelineStart), ("percent", w.percent),
            ("decimal", w.decimal),
            ("keyDots", scene.withKind(w.keyDots)),
            ("findKind", scene.withKind(w.findKind)),
        ]
        return .object(pairs.map { ($0.0, .string($0.1)) })
    }

    private static func atlasJSON(_ a: SpriteAtlas, _ payload: (String) -> JSONValue) -> JSONValue {
        .object([("width", .number(Double(a.width))), ("height", .number(Double(a.height))),
                 ("cellWidth", .number(Double(a.cellWidth))), ("cellHeight", .number(Double(a.cellHeight))),
                 ("columns", .number(Double(a.columns))), ("perSheet", .number(Double(a.perSheet))),
                 ("lossless", .bool(a.lossless)),
                 ("sheets", .array(a.sheets.map { payload("data:image/webp;base64," + $0.base64EncodedString()) }))])
    }

    /// The document as one line of JSON, safe inside an HTML `<script>` element: every `<` is
    /// written `\u003c` (it only occurs inside strings), so no `</script>` can end it early.
    public var scriptText: String {
        let text = json.serialized().replacingOccurrences(of: "<", with: "\\u003c")
        // JSON quoting writes U+0001 as \u0001; each piece after a token's start begins with
        // the payload's number and the token's end.
        let pieces = text.components(separatedBy: "\\u0001" + nonce)
        var out = pieces[0]
        out.reserveCapacity(text.utf8.count + payloads.reduce(0) { $0 + $1.utf8.count })
        for piece in pieces.dropFirst() {
            let end = piece.range(of: "\\u0001")!
            out += payloads[Int(piece[..<end.lowerBound])!]
            out += piece[end.upperBound...]
        }
        return out
    }
}

/// `#rrggbb` of a colour.
func hex(_ c: RGB) -> String {
    let (r, g, b) = c.bytes
    return "#" + [r, g, b].map { String(format: "%02x", $0) }.joined()
}
