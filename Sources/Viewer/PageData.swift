import Artifacts
import Foundation
import Render
import Support

/// What the page shows, computed once from the same `Scene` the frames are drawn from, as one
/// compact JSON document (shapes: S snapshots, N samples, C classes):
///
/// - `classes` [C], `colors` [C] ("#rrggbb"), `labels` base64 `[N]` and `guesses` base64 `[S][N]`
///   (argmax of the probabilities) as unsigned integers of `indexBytes` bytes, little-endian;
/// - `coords`: `QuantisedCoordinates` (base64 uint16 `[S][N][2]` and their box), `view`: the
///   frames' fixed view box [minX, maxX, minY, maxY];
/// - `snapshots` [S] {seen, epoch, epochEnd}, `accuracy` [S] and `classAccuracy` [S][C] counted
///   from the predictions, `sizes` [C];
/// - words filled from the style's templates and caption rules: `titles` [S], `captions` [S][…],
///   `gallery` [S] ({title, samples} or null), `intro`, `key` [3], `kind`, `layer`;
/// - `examples` [C] (a sample per class or null), `atlas` (see `SpriteAtlas`) or null;
/// - `style`: colours, font, dot size and opacity, easing, seconds per snapshot.
public struct PageData {
    /// The document, with each base64 payload replaced by a token (see `scriptText`).
    private let json: JSONValue
    /// Base64 payloads (megabytes for the atlas): they need no JSON escaping, so they are
    /// spliced into the text instead of being quoted character by character. Payload k's token
    /// is the string U+0001, `nonce`, k, U+0001; the random nonce keeps any user text from
    /// posing as a token, and never reaches the output.
    private let payloads: [String]
    private let nonce = String(UInt64.random(in: 0...UInt64.max), radix: 16)

    public init(scene: Scene, snapshots: [Snapshot], galleryLimit: Int = 8) throws {
        var payloads: [String] = []
        let nonce = self.nonce
        func payload(_ text: String) -> JSONValue {
            payloads.append(text)
            return .string("\u{1}\(nonce)\(payloads.count - 1)\u{1}")
        }
        let input = scene.input, history = scene.history, style = scene.style
        let s = input.epochCount
        guard snapshots.count == s else {
            throw ToolError.badInput("the time axis has \(snapshots.count) snapshots but the render input has \(s)")
        }
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
        let coords = QuantisedCoordinates(input.coordinates)
        json = .object([
            ("classes", .array(input.classes.map { .string($0) })),
            ("colors", .array(scene.colors.map { .string(hex($0)) })),
            ("indexBytes", .number(Double(indexBytes))),
            ("labels", packed(input.labels)),
            ("guesses", packed(input.predictions.flatMap { $0 })),
            ("coords", .object([
                ("box", .array([coords.minX, coords.maxX, coords.minY, coords.maxY].map { .number($0) })),
                ("steps", .number(QuantisedCoordinates.steps)),
                ("data", payload(coords.bytes.base64EncodedString())),
            ])),
            ("view", .array([scene.view.minX, scene.view.maxX, scene.view.minY, scene.view.maxY].map { .number($0) })),
            ("snapshots", .array(snapshots.map { snap in
                .object([("seen", snap.imagesSeen.map { .number(Double($0)) } ?? .null),
                         ("epoch", number(snap.epoch)), ("epochEnd", .bool(snap.epochEnd))])
            })),
            ("accuracy", .array(history.accuracy.map { number($0) })),
            ("classAccuracy", .array(history.classAccuracy.map { .array($0.map { number($0) }) })),
            ("sizes", .array(history.classSizes.map { .number(Double($0)) })),
            ("titles", .array((0..<s).map { e in
                .string(scene.fill(e == 0 ? style.templates.titleUntrained : style.templates.title, epoch: e))
            })),
            ("captions", .array((0..<s).map { e in .array(scene.captions(at: e).map { .string($0.text) }) })),
            ("gallery", .array((0..<s).map { e in
                let samples = scene.gallerySamples(at: e, limit: galleryLimit)
                guard !samples.isEmpty else { return .null }
                return .object([("title", .string(scene.fill(style.templates.galleryTitle, epoch: e))),
                                ("samples", .array(samples.map { .number(Double($0)) }))])
            })),
            ("intro", .string(style.templates.intro)),
            ("key", .array([style.templates.keyDots, style.templates.keyColour, style.templates.keyRing]
                .map { .string(scene.fill($0, epoch: s - 1)) })),
            ("kind", .string(style.templates.kind)),
            ("layer", .string(input.layer)),
            ("examples", .array(scene.examples.map { $0.map { .number(Double($0)) } ?? .null })),
            ("atlas", input.images.flatMap { SpriteAtlas($0) }.map { Self.atlasJSON($0, payload) } ?? .null),
            ("style", .object([
                ("dark", .bool(style.dark)),
                ("background", .string(hex(style.background))), ("text", .string(hex(style.text))),
                ("muted", .string(hex(style.muted))), ("highlight", .string(hex(style.highlight))),
                ("font", .string(style.font)),
                ("pointSize", .number(style.pointSize)), ("pointAlpha", .number(style.pointAlpha)),
                ("easing", .string(style.easing.rawValue)),
                ("secondsPerSnapshot", number(Double(style.inbetween + 1) / Double(style.fps) + style.holdEpoch)),
            ])),
        ])
        self.payloads = payloads
    }

    private static func atlasJSON(_ a: SpriteAtlas, _ payload: (String) -> JSONValue) -> JSONValue {
        .object([("width", .number(Double(a.width))), ("height", .number(Double(a.height))),
                 ("columns", .number(Double(a.columns))), ("perSheet", .number(Double(a.perSheet))),
                 ("sheets", .array(a.sheets.map { payload("data:image/png;base64," + $0.base64EncodedString()) }))])
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
