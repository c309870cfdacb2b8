import Support

/// Easing of the motion between two recorded epochs, on t in 0...1.
public enum Easing: String, Sendable, CaseIterable {
    case linear, smoothstep, cubic
    /// linear: t; smoothstep: 3t²−2t³; cubic: ease-in-out cubic (4t³, then 1−(−2t+2)³/2).
    public func apply(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .smoothstep: return t * t * (3 - 2 * t)
        case .cubic: return t < 0.5 ? 4 * t * t * t : 1 - pow3(-2 * t + 2) / 2
        }
    }
}
private func pow3(_ x: Double) -> Double { x * x * x }

/// Sentences shown in the video. `{epoch}`, `{epochs}`, `{accuracy}` (e.g. "87%") and
/// `{kind}` are replaced.
public struct Templates: Sendable, Equatable {
    public var title = "After {epoch} of {epochs} epochs — the network recognises {accuracy} of the test pictures"
    public var titleUntrained = "Before training — the network recognises {accuracy} of the test pictures (it is guessing)"
    /// Shown under the title before training (empty = nothing).
    public var intro = "The untrained network guesses. Watch the pictures sort themselves as it learns."
    public var keyDots = "Each dot is one test picture. Pictures the network finds alike sit close together."
    public var keyColour = "Colour: the true {kind} of the picture"
    public var keyRing = "Ring: the network guessed wrong (ring colour = its guess)"
    /// The word for a class, e.g. "kind of clothing".
    public var kind = "kind"
    public var galleryTitle = "{truth} pictures the network took for {predicted}"
    public init() {}
}

/// Which panels are drawn.
public struct Panels: Sendable, Equatable {
    public var classProgress = true, captions = true, gallery = true, curve = true, timeline = true, key = true, details = true
    public init() {}
}

/// Everything about how frames look and move. Read from a style JSON with `Style.load`.
public struct Style: Sendable {
    public var width = 1920, height = 1080
    public var dark = false
    public var font = "DejaVu Sans"
    public var background = RGB(1, 1, 1), text = RGB(0.1, 0.1, 0.12), muted = RGB(0.42, 0.42, 0.45)
    public var highlight = RGB(1.0, 0.96, 0.80)
    public var classColors: [RGB] = []
    /// Dot diameter in pixels at 1080 rows (scaled with the frame height).
    public var pointSize = 5.0
    /// Dot opacity, 0...1.
    public var pointAlpha = 0.75
    /// How many samples are drawn as their picture instead of a dot (spread over the classes).
    public var thumbnailPoints = 0
    /// Side of those pictures in pixels at 1080 rows.
    public var thumbnailSize = 34.0
    public var panels = Panels()
    public var templates = Templates()
    public var rules = CaptionRules()
    public var fps = 30
    /// Frames drawn between two recorded epochs (0 = jump cuts).
    public var inbetween = 24
    public var easing = Easing.smoothstep
    /// Seconds the first / each recorded / the last epoch stays still.
    public var holdStart = 1.0, holdEpoch = 0.5, holdEnd = 2.0
    /// x264 constant rate factor (lower = better quality).
    public var crf = 20
    public init() {}

    public static let dark: Style = {
        var s = Style()
        s.dark = true
        s.background = RGB(0.09, 0.09, 0.11); s.text = RGB(0.93, 0.93, 0.95); s.muted = RGB(0.62, 0.62, 0.66)
        s.highlight = RGB(0.25, 0.22, 0.10)
        return s
    }()

    /// Reads a style JSON; unknown keys and bad values throw naming the file, key and value.
    public static func load(_ path: String) throws -> Style {
        try parse(ConfigObject.load(path))
    }

    public static func parse(_ c: ConfigObject) throws -> Style {
        let theme = try c.string("theme", default: "light", oneOf: ["light", "dark"])
        var s = theme == "dark" ? Style.dark : Style()
        s.width = try c.int("width", default: s.width, min: 320, max: 7680)
        s.height = try c.int("height", default: s.height, min: 240, max: 4320)
        if s.width % 2 != 0 || s.height % 2 != 0 {
            throw c.error(s.width % 2 != 0 ? "width" : "height", "must be even for H.264 yuv420p video, got \(s.width)x\(s.height)")
        }
        s.font = try c.string("font", default: s.font)
        if let colours = try c.object("colors") {
            func colour(_ key: String, _ fallback: RGB) throws -> RGB {
                guard let text = try colours.optionalString(key) else { return fallback }
                guard let v = RGB(hex: text) else { throw colours.error(key, "expected a colour like \"#1a2b3c\", got \"\(text)\"") }
                return v
            }
            s.background = try colour("background", s.background)
            s.text = try colour("text", s.text)
            s.muted = try colour("muted", s.muted)
            s.highlight = try colour("highlight", s.highlight)
            s.classColors = try colours.strings("classes", default: []).map { text in
                guard let v = RGB(hex: text) else { throw colours.error("classes", "expected colours like \"#1a2b3c\", got \"\(text)\"") }
                return v
            }
            try colours.finish()
        }
        s.pointSize = try c.double("point_size", default: s.pointSize, min: 1, max: 40)
        s.pointAlpha = try c.double("point_alpha", default: s.pointAlpha, min: 0.05, max: 1)
        s.thumbnailPoints = try c.int("thumbnail_points", default: s.thumbnailPoints, min: 0, max: 1000)
        s.thumbnailSize = try c.double("thumbnail_size", default: s.thumbnailSize, min: 8, max: 200)
        if let p = try c.object("panels") {
            s.panels.classProgress = try p.bool("class_progress", default: true)
            s.panels.captions = try p.bool("captions", default: true)
            s.panels.gallery = try p.bool("gallery", default: true)
            s.panels.curve = try p.bool("curve", default: true)
            s.panels.timeline = try p.bool("timeline", default: true)
            s.panels.key = try p.bool("key", default: true)
            s.panels.details = try p.bool("details", default: true)
            try p.finish()
        }
        if let t = try c.object("templates") {
            s.templates.title = try t.string("title", default: s.templates.title)
            s.templates.titleUntrained = try t.string("title_untrained", default: s.templates.titleUntrained)
            s.templates.intro = try t.string("intro", default: s.templates.intro)
            s.templates.keyDots = try t.string("key_dots", default: s.templates.keyDots)
            s.templates.keyColour = try t.string("key_colour", default: s.templates.keyColour)
            s.templates.keyRing = try t.string("key_ring", default: s.templates.keyRing)
            s.templates.kind = try t.string("kind", default: s.templates.kind)
            s.templates.galleryTitle = try t.string("gallery_title", default: s.templates.galleryTitle)
            try t.finish()
        }
        if let r = try c.object("captions") {
            s.rules.learned = try r.double("learned", default: s.rules.learned, min: 0, max: 1)
            s.rules.markedChange = try r.double("marked_change", default: s.rules.markedChange, min: 0, max: 1, exclusiveMin: true)
            s.rules.minimumJump = try r.double("minimum_jump", default: s.rules.minimumJump, min: 0, max: 1)
            s.rules.minimumConfusions = try r.int("minimum_confusions", default: s.rules.minimumConfusions, min: 1)
            try r.finish()
        }
        s.fps = try c.int("fps", default: s.fps, min: 1, max: 120)
        s.inbetween = try c.int("inbetween", default: s.inbetween, min: 0, max: 600)
        let easing = try c.string("easing", default: s.easing.rawValue, oneOf: Easing.allCases.map(\.rawValue))
        s.easing = Easing(rawValue: easing) ?? .smoothstep
        s.holdStart = try c.double("hold_start", default: s.holdStart, min: 0, max: 60)
        s.holdEpoch = try c.double("hold_epoch", default: s.holdEpoch, min: 0, max: 60)
        s.holdEnd = try c.double("hold_end", default: s.holdEnd, min: 0, max: 60)
        s.crf = try c.int("crf", default: s.crf, min: 0, max: 51)
        try c.finish()
        return s
    }
}
