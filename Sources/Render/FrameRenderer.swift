import CCairo
import Support
import SceneModel

/// A piece of text drawn on a frame: its box (logical width × line height), the box it had to
/// stay inside, and how many of its glyphs no installed font has. Recorded so tests can check
/// fit, overlap and coverage.
public struct TextBox: Sendable {
    public let text: String
    public let box: Rect
    public let container: Rect
    public let unknownGlyphs: Int
}

/// Draws frames of a `Scene` into its own Cairo ARGB32 surface. One per thread; not shared.
/// Each `Panel` is painted, in `Panel.allCases` order, by its own file (`MapPanel`, `TitlePanel`,
/// `MarkPanel`, `LabelsPanel`, `CaptionPanel`, `KeyPanel`, `ClassTablePanel`, `CurvePanel`,
/// `GalleryPanel`, `TimelinePanel`, `DetailsPanel`, `SummaryCardPanel`; the reading guide's
/// screens by `GuidePanel`); this file holds the surface and the text, colour and picture helpers
/// they share. Words come from the scene, colours from the style.
public final class FrameRenderer {
    public let scene: Scene
    let surface: OpaquePointer
    let cr: OpaquePointer
    let stamper: PointStamper
    let galleryStamper: PointStamper
    let setter: TextSetter
    /// Thumbnail surfaces by sample and drawn size, made on first use.
    var thumbnails: [ThumbnailKey: OpaquePointer] = [:]
    /// Text drawn in the last frame.
    public private(set) var texts: [TextBox] = []
    /// The curve's points in the last frame: snapshot and the value drawn there, joined only
    /// to the previous snapshot's.
    public internal(set) var curvePoints: [(snapshot: Int, value: Double)] = []
    /// The panels the last frame painted, in order (the guide's screens paint none of them).
    public private(set) var painted: [Panel] = []
    public var width: Int { scene.style.width }
    public var height: Int { scene.style.height }

    public init(scene: Scene) throws {
        self.scene = scene
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(scene.style.width), Int32(scene.style.height)),
              cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, let c = cairo_create(s) else {
            throw ToolError.failed("Cairo could not make a \(scene.style.width)x\(scene.style.height) surface")
        }
        surface = s; cr = c
        setter = TextSetter(cr: c, family: scene.style.font, language: scene.style.language)
        let u = scene.layout.unit
        let d = 2 * scene.style.dotRadius(unit: u)
        stamper = PointStamper(diameter: d, ringWidth: max(1.5, scene.style.ringWidth * u))
        galleryStamper = PointStamper(diameter: d + 2 * scene.style.ringWidth * u + 6 * u, ringWidth: max(1.5, 2.2 * u))
    }

    deinit {
        for (_, t) in thumbnails { cairo_surface_destroy(t) }
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    /// Pixels of the last frame: premultiplied ARGB32 (BGRA bytes), `stride` bytes per row.
    public var pixels: UnsafePointer<UInt8> { UnsafePointer(cairo_image_surface_get_data(surface)!) }
    public var stride: Int { Int(cairo_image_surface_get_stride(surface)) }

    /// Colour of pixel (x, y) of the last frame.
    public func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8) {
        let p = pixels + y * stride + x * 4
        return (p[2], p[1], p[0])
    }

    /// Draws the frame at `time`.
    public func draw(_ time: FrameTime) {
        texts.removeAll(keepingCapacity: true)
        curvePoints.removeAll(keepingCapacity: true)
        painted.removeAll(keepingCapacity: true)
        let moment = scene.moments[time.nearest]
        setColor(scene.style.background)
        cairo_paint(cr)
        if let g = time.guide, g < scene.guide.screens.count {
            drawGuide(time, scene.guide.screens[g])
            cairo_surface_flush(surface)
            return
        }
        for panel in Panel.allCases where shows(panel, time) {
            paint(panel, time, moment)
            painted.append(panel)
        }
        cairo_surface_flush(surface)
    }

    /// Whether `panel` is in the frame at `time`: turned on in the style and with room in the
    /// layout; the closing card takes the place of the table and the curve, and of the mark.
    private func shows(_ panel: Panel, _ time: FrameTime) -> Bool {
        guard scene.style.panels[panel], scene.layout.rect(panel).height > 0 else { return false }
        switch panel {
        case .mark, .table, .curve: return !time.card
        case .card: return time.card
        case .gallery: return scene.input.images != nil
        default: return true
        }
    }

    /// Paints one panel of the frame at `time` (its painter's file is named after it).
    private func paint(_ panel: Panel, _ time: FrameTime, _ moment: Moment) {
        switch panel {
        case .map: drawMap(time, moment)
        case .mark: drawMark(time, moment)
        case .labels: drawLabels(time)
        case .title: drawTitle(moment.title)
        case .captions: drawCaptions(moment, page: time.page)
        case .key: drawKey(moment)
        case .table: drawClassTable(moment, highlight: moment.highlight(page: time.page))
        case .curve: drawCurve(time)
        case .gallery: drawGallery(time.card ? scene.summary.gallery : moment.gallery)
        case .timeline: drawTimeline(time)
        case .details: drawDetails(moment)
        case .card: drawSummaryCard(scene.summary)
        }
    }

    // MARK: helpers shared by the panels

    enum Align { case left, right, center }

    /// Draws one line of text with its baseline at `y`, shrinking the font until it fits the
    /// width left in `box`; returns its box (logical width × line height). Laid out by Pango.
    @discardableResult
    func text(_ s: String, x: Double, y: Double, size: Double, color: RGB, bold: Bool = false,
              in box: Rect, align: Align = .left) -> Rect {
        var size = size
        let room: Double
        switch align {
        case .left: room = box.maxX - x
        case .right: room = x - box.x
        case .center: room = 2 * min(x - box.x, box.maxX - x)
        }
        var line = setter.set(s, size: size, bold: bold)
        for _ in 0..<8 where line.width > room && size >= 4 {
            size *= max(0.5, room / line.width * 0.98)
            line = setter.set(s, size: size, bold: bold)
        }
        let left: Double
        switch align {
        case .left: left = x
        case .right: left = x - line.width
        case .center: left = x - line.width / 2
        }
        setColor(color)
        cairo_move_to(cr, left, y - line.baseline)
        setter.draw(on: cr)
        // Pango leaves the current point set; a following arc would start with a line from it.
        cairo_new_path(cr)
        let r = Rect(x: left, y: y - line.baseline, width: line.width, height: line.height)
        texts.append(TextBox(text: s, box: r, container: box, unknownGlyphs: line.unknownGlyphs))
        return r
    }

    /// Lays out `s` as a paragraph wrapped to `width` pixels at em size `size`; `draw` true draws
    /// it with its top-left corner at (x, y). Returns its box (the widest line × all lines).
    @discardableResult
    func paragraph(_ s: String, x: Double, y: Double, width: Double, size: Double, color: RGB, bold: Bool = false,
                   draw: Bool = true) -> Rect {
        let laid = setter.set(s, size: size, bold: bold, wrapWidth: width)
        let r = Rect(x: x, y: y, width: laid.width, height: laid.height)
        guard draw else { return r }
        setColor(color)
        cairo_move_to(cr, x, y)
        setter.draw(on: cr)
        cairo_new_path(cr)
        texts.append(TextBox(text: s, box: r, container: Rect(x: x, y: y, width: width, height: laid.height),
                             unknownGlyphs: laid.unknownGlyphs))
        return r
    }

    func setColor(_ c: RGB, alpha: Double = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha) }

    func fillRect(_ r: Rect, _ c: RGB, alpha: Double = 1) {
        setColor(c, alpha: alpha)
        cairo_rectangle(cr, r.x, r.y, r.width, r.height)
        cairo_fill(cr)
    }

    func fillCircle(x: Double, y: Double, radius: Double, _ c: RGB, alpha: Double = 1) {
        setColor(c, alpha: alpha)
        cairo_arc(cr, x, y, radius, 0, 2 * .pi)
        cairo_fill(cr)
    }

    func line(from a: (Double, Double), to b: (Double, Double), width: Double, _ c: RGB, alpha: Double = 1) {
        setColor(c, alpha: alpha)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, a.0, a.1); cairo_line_to(cr, b.0, b.1); cairo_stroke(cr)
    }

    /// Draws sample `i`'s picture fitted into the `side` square at (x, y) (centred, its aspect
    /// ratio kept) with a coloured border around it. A picture larger than its drawn size is
    /// area-averaged to the drawn pixels first (`AreaScaling`) and painted unscaled at whole
    /// pixels, so it stays sharp; a smaller one is enlarged by Cairo.
    func drawThumbnail(_ i: Int, x: Double, y: Double, side: Double, border: RGB) {
        guard let images = scene.input.images else { return }
        let scale = side / Double(max(images.width, images.height))
        var w = Double(images.width) * scale, h = Double(images.height) * scale
        var left = x + (side - w) / 2, top = y + (side - h) / 2
        cairo_save(cr)
        if scale < 1 {
            let pw = max(1, Int(w.rounded())), ph = max(1, Int(h.rounded()))
            (left, top, w, h) = (left.rounded(), top.rounded(), Double(pw), Double(ph))
            guard let img = thumbnailSurface(i, images, width: pw, height: ph) else { cairo_restore(cr); return }
            cairo_set_source_surface(cr, img, left, top)
        } else {
            guard let img = thumbnailSurface(i, images, width: images.width, height: images.height) else { cairo_restore(cr); return }
            cairo_translate(cr, left, top)
            cairo_scale(cr, scale, scale)
            cairo_set_source_surface(cr, img, 0, 0)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        }
        cairo_paint(cr)
        cairo_restore(cr)
        setColor(border)
        cairo_set_line_width(cr, max(1, 2 * scene.layout.unit))
        cairo_rectangle(cr, left, top, w, h)
        cairo_stroke(cr)
    }

    /// Sample `i`'s picture at `width × height` pixels (at most its own size) as a surface.
    private func thumbnailSurface(_ i: Int, _ images: SampleImages, width: Int, height: Int) -> OpaquePointer? {
        let key = ThumbnailKey(sample: i, width: width, height: height)
        if let s = thumbnails[key] { return s }
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)),
              let data = cairo_image_surface_get_data(s) else { return nil }
        let st = Int(cairo_image_surface_get_stride(s))
        let picture = images.thumbnail(i).scaled(width: width, height: height)
        let ch = picture.channels
        picture.pixels.withUnsafeBufferPointer { p in
            for y in 0..<height { for x in 0..<width {
                let src = (y * width + x) * ch
                let d = data + y * st + x * 4
                if ch >= 3 {
                    d[0] = p[src + 2]; d[1] = p[src + 1]; d[2] = p[src]
                } else {
                    d[0] = p[src]; d[1] = p[src]; d[2] = p[src]
                }
                d[3] = 255
            } }
        }
        cairo_surface_mark_dirty(s)
        thumbnails[key] = s
        return s
    }
}

/// A sample's picture at one size in pixels.
struct ThumbnailKey: Hashable {
    let sample: Int, width: Int, height: Int
}
