import Support

/// Which panels are drawn (`Panel`), and two options that are not panels of their own.
public struct Panels: Sendable, Equatable {
    private var off: Set<Panel> = Set(Panel.allCases.filter { $0.switchable && !$0.onByDefault })
    /// The class table's figures (right of size, share right, change); off, it only names the
    /// colours.
    public var classProgress = true
    /// The reading guide before training (`Guide`): screens of their own before the first frame.
    public var guide = true
    public init() {}

    /// Whether `panel` is drawn; only a switchable panel can be set off.
    public subscript(_ panel: Panel) -> Bool {
        get { !off.contains(panel) }
        set {
            precondition(panel.switchable || newValue, "\(panel) is always drawn")
            if newValue { off.remove(panel) } else { off.insert(panel) }
        }
    }

    /// Every style key under `panels` and its flag, from `Panel` and the two options: the style
    /// reader, its schema and the docs follow it; a flag's default is its value in `Panels()`.
    public static let keys: [(key: String, flag: WritableKeyPath<Panels, Bool>)] =
        [("class_progress", \Panels.classProgress)]
        + Panel.allCases.filter(\.switchable).map { ($0.rawValue, \Panels[$0]) }
        + [("guide", \Panels.guide)]
}

/// Everything about how the time-lapse looks, reads and moves. Read from a style JSON with
/// `Style.load`; every key is documented in docs/render.md ("Style file").
public struct Style: Sendable {
    public var width = 1920, height = 1080
    public var dark = false
    public var font = "DejaVu Sans"
    public var background = RGB(1, 1, 1), text = RGB(0.1, 0.1, 0.12), muted = RGB(0.40, 0.40, 0.43)
    public var highlight = RGB(1.0, 0.95, 0.76)
    /// The current-moment marker on the curve and the timeline.
    public var accent = RGB(0.84, 0.37, 0.0)
    /// Change column: up and down.
    public var better = RGB(0.0, 0.50, 0.32), worse = RGB(0.78, 0.24, 0.0)
    /// Background of the closing card.
    public var card = RGB(0.96, 0.96, 0.97)
    /// Map dots the network names wrong (pale), and classes named right that have no colour of
    /// their own (beyond the palette's ten, see `FeaturedKinds`).
    public var wrong = RGB(0.80, 0.81, 0.83), otherKinds = RGB(0.42, 0.44, 0.49)
    /// Class colours overriding the theme's palette, in class order (in group order when the
    /// style groups classes).
    public var classColors: [RGB] = []
    /// Classes mapped to groups (`groups` or `groups_file`), nil for none: dots then take their
    /// group's colour and the map's labels and the key name groups.
    public var groups: ClassGroups?
    /// Dot diameter in pixels at 1080 rows (scaled with the frame height).
    public var pointSize = 6.0
    /// Dot opacity, 0...1.
    public var pointAlpha = 0.8
    /// Ring line width in pixels at 1080 rows.
    public var ringWidth = 2.5
    /// How many samples are drawn as their picture instead of a dot (spread over the classes).
    public var thumbnailPoints = 0
    /// Em size of the class names written on the map, in pixels at 1080 rows.
    public var labelSize = 20.0
    /// Side of those pictures in pixels at 1080 rows.
    public var thumbnailSize = 34.0
    /// The page's pictures: the longest side of a stored picture in pixels (larger ones are
    /// area-averaged down, smaller ones kept), and the megabytes all of them may take in the
    /// page (`SpriteAtlas` makes them smaller, or stores them lossy, to fit).
    public var thumbnailPixels = 112
    public var pagePictureMegabytes = 12.0
    public var panels = Panels()
    /// The language's BCP 47 code (`Language.code`).
    public var language = "en"
    /// Every word: the language's, with the style's own `templates` in their place.
    public var templates = Templates()
    /// The style's own word for a class (its `templates.kind`), when it gives one: it outranks
    /// the file's `subject`, e.g. to name the classes in the viewer's language.
    public var ownKind: String?
    public var rules = CaptionRules()
    public var fps = 30
    /// Frames of motion between two snapshots (the arrival frame comes on top; 0 = jump cuts).
    public var inbetween = 24
    public var easing = Easing.smoothstep
    /// Reading speed in characters a second: every text stays on screen at least length / this.
    /// The language's (`Language.readingCPS`) unless the style gives its own `reading_cps`.
    public var readingCPS = Language.english.readingCPS
    /// Seconds the first snapshot / every other snapshot at least holds still; the closing card at least.
    public var holdStart = 1.0, holdSnapshot = 0.3, holdEnd = 2.0
    /// Caption lines on screen at once (one page).
    public var captionLines = 1
    /// Captions per snapshot at most (the largest kept).
    public var maxCaptions = 4
    /// The smallest captions are dropped until the video lasts at most this many seconds (the
    /// titles and the card alone may still need more).
    /// (Counted after the reading guide.)
    public var maxSeconds = 110.0
    /// x264 constant rate factor (lower = better quality).
    public var crf = 20
    public init() {}

    /// The one rule for a map dot's radius, in pixels, where `unit` pixels stand for one pixel
    /// at 1080 rows (`Layout.unit` in the frames; 1 in the page, whose CSS pixels are about the
    /// frames' at 1080 rows): half of `pointSize`, at least 1.25.
    public func dotRadius(unit: Double) -> Double { max(1.25, pointSize * unit / 2) }

    public static let dark: Style = {
        var s = Style()
        s.dark = true
        s.background = RGB(0.09, 0.09, 0.11); s.text = RGB(0.93, 0.93, 0.95); s.muted = RGB(0.64, 0.64, 0.68)
        s.highlight = RGB(0.27, 0.24, 0.10); s.accent = RGB(1.0, 0.55, 0.2)
        s.better = RGB(0.30, 0.76, 0.54); s.worse = RGB(1.0, 0.48, 0.30); s.card = RGB(0.15, 0.15, 0.18)
        s.wrong = RGB(0.30, 0.30, 0.33); s.otherKinds = RGB(0.66, 0.67, 0.71)
        return s
    }()

    /// Reads a style JSON; unknown keys and bad values throw naming the file, key and value.
    public static func load(_ path: String) throws -> Style {
        try parse(ConfigObject.load(path))
    }

    public static func parse(_ c: ConfigObject) throws -> Style {
        _ = try Language.shippedFolder() // an install without its words fails here, not in `Style()`
        let theme = try c.string("theme", default: "light", oneOf: ["light", "dark"])
        var s = theme == "dark" ? Style.dark : Style()
        s.width = try c.int("width", default: s.width, min: 320, max: 7680)
        s.height = try c.int("height", default: s.height, min: 240, max: 4320)
        for (key, value) in [("width", s.width), ("height", s.height)] where value % 2 != 0 {
            throw c.error(key, "must be even for H.264 yuv420p video, got \(value)")
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
            s.accent = try colour("accent", s.accent)
            s.better = try colour("better", s.better)
            s.worse = try colour("worse", s.worse)
            s.card = try colour("card", s.card)
            s.wrong = try colour("wrong", s.wrong)
            s.otherKinds = try colour("other_kinds", s.otherKinds)
            s.classColors = try colours.strings("classes", default: []).map { text in
                guard let v = RGB(hex: text) else { throw colours.error("classes", "expected colours like \"#1a2b3c\", got \"\(text)\"") }
                return v
            }
            try colours.finish()
        }
        s.pointSize = try c.double("point_size", default: s.pointSize, min: 1, max: 40)
        s.pointAlpha = try c.double("point_alpha", default: s.pointAlpha, min: 0.05, max: 1)
        s.ringWidth = try c.double("ring_width", default: s.ringWidth, min: 0.5, max: 20)
        s.thumbnailPoints = try c.int("thumbnail_points", default: s.thumbnailPoints, min: 0, max: 1000)
        s.thumbnailSize = try c.double("thumbnail_size", default: s.thumbnailSize, min: 8, max: 200)
        s.thumbnailPixels = try c.int("thumbnail_pixels", default: s.thumbnailPixels, min: 8, max: 1024)
        s.pagePictureMegabytes = try c.double("page_picture_megabytes", default: s.pagePictureMegabytes, min: 0.1, max: 1000)
        s.labelSize = try c.double("label_size", default: s.labelSize, min: 6, max: 80)
        if let p = try c.object("panels") {
            for (key, flag) in Panels.keys { s.panels[keyPath: flag] = try p.bool(key, default: Panels()[keyPath: flag]) }
            try p.finish()
        }
        let code = try c.string("language", default: s.language)
        let languageFile = try c.filePath("language_file")
        let ownWords = try c.object("templates").map { try Templates.read($0, complete: false) } ?? [:]
        let ownGroups = try ClassGroups.read(c)
        let groupsFile = try c.filePath("groups_file")
        if let r = try c.object("captions") {
            s.rules.learned = try r.double("learned", default: s.rules.learned, min: 0, max: 1)
            s.rules.learnedPrecision = try r.double("learned_precision", default: s.rules.learnedPrecision, min: 0, max: 1)
            s.rules.markedChange = try r.double("marked_change", default: s.rules.markedChange, min: 0, max: 1, exclusiveMin: true)
            s.rules.minimumJump = try r.double("minimum_jump", default: s.rules.minimumJump, min: 0, max: 1)
            s.rules.minimumConfusions = try r.int("minimum_confusions", default: s.rules.minimumConfusions, min: 1)
            s.rules.separated = try r.double("separated", default: s.rules.separated, min: 0, max: 1, exclusiveMin: true)
            s.rules.frontLoaded = try r.double("front_loaded", default: s.rules.frontLoaded, min: 0, max: 1)
            s.rules.dominant = try r.double("dominant", default: s.rules.dominant, min: 0, max: 1, exclusiveMin: true)
            try r.finish()
        }
        s.fps = try c.int("fps", default: s.fps, min: 1, max: 120)
        s.inbetween = try c.int("inbetween", default: s.inbetween, min: 0, max: 600)
        let easing = try c.string("easing", default: s.easing.rawValue, oneOf: Easing.allCases.map(\.rawValue))
        s.easing = Easing(rawValue: easing) ?? .smoothstep
        let ownCPS = try c.has("reading_cps") ? c.double("reading_cps", min: 0, max: 100, exclusiveMin: true) : nil
        s.holdStart = try c.double("hold_start", default: s.holdStart, min: 0, max: 60)
        s.holdSnapshot = try c.double("hold_snapshot", default: s.holdSnapshot, min: 0, max: 60)
        s.holdEnd = try c.double("hold_end", default: s.holdEnd, min: 0, max: 60)
        s.captionLines = try c.int("caption_lines", default: s.captionLines, min: 1, max: 3)
        s.maxCaptions = try c.int("max_captions", default: s.maxCaptions, min: 0, max: 20)
        s.maxSeconds = try c.double("max_seconds", default: s.maxSeconds, min: 1, max: 3600)
        s.crf = try c.int("crf", default: s.crf, min: 0, max: 51)
        try c.finish()
        // The language is read last: while a schema is recorded, `language_file` is a placeholder
        // that does not load, and every other key has been read by then.
        if languageFile != nil, c.pairs.contains(where: { $0.0 == "language" }) {
            throw c.error("language_file", "give either language (a shipped language's code) or language_file (your own file), not both")
        }
        let language: Language
        do {
            language = try languageFile.map { try Language.load(file: $0) } ?? Language.shipped(code)
        } catch let e as ToolError where languageFile == nil && e.kind == .badInput {
            throw c.error("language", e.message)
        }
        s.language = language.code
        s.templates = language.templates.replacing(ownWords)
        s.ownKind = ownWords["kind"]
        s.readingCPS = ownCPS ?? language.readingCPS
        // Read last for the same reason as the language: a placeholder path while recording.
        if groupsFile != nil, ownGroups != nil {
            throw c.error("groups_file", "give either groups (in the style) or groups_file (a file holding them), not both")
        }
        s.groups = try ownGroups ?? groupsFile.map { file in
            let g = try ConfigObject.load(file)
            guard let groups = try ClassGroups.read(g) else {
                throw g.error("groups", "missing; expected an object of group names, each with the names of its classes")
            }
            try g.finish()
            return groups
        }
        return s
    }
}
