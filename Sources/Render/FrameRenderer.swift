import CCairo
import Support

/// A piece of text drawn on a frame: its ink box (advance width × font ascent+descent) and the
/// box it had to stay inside. Recorded so tests can check fit and overlap.
public struct TextBox: Sendable {
    public let text: String
    public let box: Rect
    public let container: Rect
}

/// Draws frames of a `Scene` into its own Cairo ARGB32 surface. One per thread; not shared.
public final class FrameRenderer {
    public let scene: Scene
    let surface: OpaquePointer
    let cr: OpaquePointer
    let stamper: PointStamper
    let galleryStamper: PointStamper
    /// Thumbnail surfaces by sample index, made on first use.
    var thumbnails: [Int: OpaquePointer] = [:]
    /// Text drawn in the last frame.
    public private(set) var texts: [TextBox] = []
    public var width: Int { scene.style.width }
    public var height: Int { scene.style.height }

    public init(scene: Scene) throws {
        self.scene = scene
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(scene.style.width), Int32(scene.style.height)),
              cairo_surface_status(s) == CAIRO_STATUS_SUCCESS, let c = cairo_create(s) else {
            throw ToolError.failed("Cairo could not make a \(scene.style.width)x\(scene.style.height) surface")
        }
        surface = s; cr = c
        let u = scene.layout.unit
        let d = max(1.5, scene.style.pointSize * u)
        stamper = PointStamper(diameter: d, ringWidth: max(1.2, 1.2 * u, 0.22 * d))
        galleryStamper = PointStamper(diameter: d + 6 * u, ringWidth: max(1.5, 2.2 * u))
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
        let st = scene.style, lay = scene.layout
        let k = time.nearest
        setColor(st.background)
        cairo_paint(cr)
        drawPoints(time, epoch: k)
        drawTitle(epoch: k)
        if st.panels.captions { drawCaptions(epoch: k) }
        if st.panels.key { drawKey() }
        drawClassTable(epoch: k)
        if st.panels.curve { drawCurve(time) }
        if st.panels.gallery && scene.input.images != nil && lay.gallery.height > 0 { drawGallery(epoch: k) }
        if st.panels.timeline { drawTimeline(time) }
        if st.panels.details { drawDetails(epoch: k) }
        cairo_surface_flush(surface)
    }

    // MARK: points

    private func drawPoints(_ time: FrameTime, epoch k: Int) {
        let input = scene.input, lay = scene.layout
        let plot = lay.plot
        let (scale, dx, dy) = scene.view.transform(into: plot)
        let a = input.coordinates[time.from]
        let b = input.coordinates[min(time.from + 1, input.epochCount - 1)]
        let t = Float(time.t)
        let colors = scene.colors.map { $0.bytes }
        let predicted = input.predictions[k]
        let gallery = Set(scene.gallerySamples(at: k, limit: galleryLimit))
        let r = stamper.diameter / 2
        let lo = (plot.x + r, plot.y + r), hi = (plot.maxX - r, plot.maxY - r)
        let clip = (Int(plot.x), Int(plot.y), Int(plot.maxX), Int(plot.maxY))
        let alpha = Float(scene.style.pointAlpha)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = self.stride
        let n = input.sampleCount
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            for i in 0..<n {
                let x = Double(a[2 * i] + (b[2 * i] - a[2 * i]) * t)
                let y = Double(a[2 * i + 1] + (b[2 * i + 1] - a[2 * i + 1]) * t)
                xs[i] = x.isFinite ? min(hi.0, max(lo.0, dx + x * scale)) : -1e9
                ys[i] = y.isFinite ? min(hi.1, max(lo.1, dy - y * scale)) : -1e9
            }
        } }
        for i in 0..<n {
            stamper.dot(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: colors[input.labels[i]], alpha: alpha)
        }
        for i in 0..<n where predicted[i] != input.labels[i] {
            stamper.ring(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: colors[predicted[i]], alpha: 1)
        }
        let mark = scene.style.text.bytes
        for i in gallery.sorted() {
            galleryStamper.ring(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: mark, alpha: 1)
        }
        cairo_surface_mark_dirty(surface)
        // Some samples as their pictures, framed in their true class's colour (the predicted
        // class's colour, thicker, when wrong).
        let side = scene.style.thumbnailSize * lay.unit
        for i in scene.thumbnailSamples where xs[i] > -1e8 && ys[i] > -1e8 {
            let x = min(plot.maxX - side, max(plot.x, xs[i] - side / 2)), y = min(plot.maxY - side, max(plot.y, ys[i] - side / 2))
            let wrong = predicted[i] != input.labels[i]
            if wrong {
                setColor(scene.colors[predicted[i]])
                cairo_rectangle(cr, x - 3 * lay.unit, y - 3 * lay.unit, side + 6 * lay.unit, side + 6 * lay.unit)
                cairo_fill(cr)
            }
            drawThumbnail(i, x: x, y: y, side: side, border: scene.colors[input.labels[i]])
        }
    }

    // MARK: text

    enum Align { case left, right, center }

    /// Draws one line of text with its baseline at `y`, shrinking the font until it fits the
    /// width left in `box`; returns its box.
    @discardableResult
    func text(_ s: String, x: Double, y: Double, size: Double, color: RGB, bold: Bool = false,
              in box: Rect, align: Align = .left) -> Rect {
        cairo_select_font_face(cr, scene.style.font, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        var size = size
        var ext = cairo_text_extents_t()
        let room: Double
        switch align {
        case .left: room = box.maxX - x
        case .right: room = x - box.x
        case .center: room = 2 * min(x - box.x, box.maxX - x)
        }
        for _ in 0..<8 {
            cairo_set_font_size(cr, size)
            cairo_text_extents(cr, s, &ext)
            if ext.x_advance <= room || size < 4 { break }
            size *= max(0.5, room / ext.x_advance * 0.98)
        }
        var fe = cairo_font_extents_t()
        cairo_font_extents(cr, &fe)
        let left: Double
        switch align {
        case .left: left = x
        case .right: left = x - ext.x_advance
        case .center: left = x - ext.x_advance / 2
        }
        setColor(color)
        cairo_move_to(cr, left, y)
        cairo_show_text(cr, s)
        let r = Rect(x: left, y: y - fe.ascent, width: ext.x_advance, height: fe.ascent + fe.descent)
        texts.append(TextBox(text: s, box: r, container: box))
        return r
    }

    func setColor(_ c: RGB, alpha: Double = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha) }

    private func drawTitle(epoch k: Int) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let template = scene.input.epochs[k] == 0 ? st.templates.titleUntrained : st.templates.title
        text(scene.fill(template, epoch: k), x: lay.title.x, y: lay.title.y + 38 * u, size: 36 * u,
             color: st.text, bold: true, in: lay.title)
    }

    private func drawCaptions(epoch k: Int) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        if k == 0 && !st.templates.intro.isEmpty {
            text(scene.fill(st.templates.intro, epoch: k), x: lay.captions.x, y: lay.captions.y + 26 * u, size: 25 * u,
                 color: st.muted, in: lay.captions)
        }
        for (i, c) in scene.captions(at: k).prefix(2).enumerated() {
            let y = lay.captions.y + 26 * u + Double(i) * 33 * u
            let color = c.classIndex.map { scene.colors[$0] } ?? st.text
            setColor(color)
            cairo_rectangle(cr, lay.captions.x, y - 18 * u, 8 * u, 22 * u)
            cairo_fill(cr)
            text(c.text, x: lay.captions.x + 18 * u, y: y, size: 25 * u, color: st.text, in: lay.captions)
        }
    }

    private func drawKey() {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.key
        let size = 19 * u
        text(st.templates.keyDots, x: box.x, y: box.y + 22 * u, size: size, color: st.text, in: box)
        // Colour line with a sample dot.
        let y2 = box.y + 50 * u, y3 = box.y + 78 * u
        let swatch = scene.colors.first ?? st.text
        setColor(swatch, alpha: st.pointAlpha)
        cairo_arc(cr, box.x + 7 * u, y2 - 6 * u, 6 * u, 0, 2 * .pi)
        cairo_fill(cr)
        text(scene.fill(st.templates.keyColour, epoch: 0), x: box.x + 22 * u, y: y2, size: size, color: st.text, in: box)
        setColor(swatch, alpha: st.pointAlpha)
        cairo_arc(cr, box.x + 7 * u, y3 - 6 * u, 5 * u, 0, 2 * .pi)
        cairo_fill(cr)
        setColor(scene.colors.count > 1 ? scene.colors[1] : st.text)
        cairo_set_line_width(cr, 2 * u)
        cairo_arc(cr, box.x + 7 * u, y3 - 6 * u, 7.5 * u, 0, 2 * .pi)
        cairo_stroke(cr)
        text(scene.fill(st.templates.keyRing, epoch: 0), x: box.x + 22 * u, y: y3, size: size, color: st.text, in: box)
    }

    // MARK: per-class table (legend + progress)

    private func drawClassTable(epoch k: Int) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.classes
        let h = scene.history
        let c = scene.input.classCount
        let headerHeight = 30 * u
        let row = min(44 * u, (box.height - headerHeight) / Double(max(1, c)))
        let font = min(20 * u, row * 0.55)
        let progress = st.panels.classProgress
        let pctX = box.maxX - 90 * u, changeX = box.maxX
        text(progress ? "Recognised" : "Kinds", x: box.x, y: box.y + 20 * u, size: 17 * u, color: st.muted, bold: true,
             in: Rect(x: box.x, y: box.y, width: box.width * 0.5, height: headerHeight))
        if progress {
            text("now", x: pctX, y: box.y + 20 * u, size: 17 * u, color: st.muted, bold: true, in: Rect(x: box.x + box.width * 0.5, y: box.y, width: pctX - box.x - box.width * 0.5, height: headerHeight), align: .right)
            text("change", x: changeX, y: box.y + 20 * u, size: 17 * u, color: st.muted, bold: true, in: Rect(x: pctX + 4 * u, y: box.y, width: changeX - pctX - 4 * u, height: headerHeight), align: .right)
        }
        // Row that changed most since the previous epoch.
        var most: Int? = nil
        if progress && k > 0 {
            var best = 0.005
            for i in 0..<c where abs(h.classAccuracy[k][i] - h.classAccuracy[k - 1][i]) > best {
                best = abs(h.classAccuracy[k][i] - h.classAccuracy[k - 1][i]); most = i
            }
        }
        for i in 0..<c {
            let top = box.y + headerHeight + Double(i) * row
            let cell = Rect(x: box.x, y: top, width: box.width, height: row)
            if i == most {
                setColor(st.highlight)
                cairo_rectangle(cr, cell.x - 4 * u, cell.y, cell.width + 8 * u, cell.height)
                cairo_fill(cr)
            }
            let mid = top + row / 2
            setColor(scene.colors[i])
            cairo_rectangle(cr, box.x, top + row * 0.15, 10 * u, row * 0.7)
            cairo_fill(cr)
            var x = box.x + 18 * u
            if let ex = scene.examples[i], scene.input.images != nil {
                let side = row * 0.86
                drawThumbnail(ex, x: x, y: mid - side / 2, side: side, border: scene.colors[i])
                x += side + 10 * u
            }
            let baseline = mid + font * 0.35
            let nameRoom = Rect(x: x, y: top, width: (progress ? pctX - 70 * u : box.maxX) - x, height: row)
            text(scene.input.classes[i], x: x, y: baseline, size: font, color: st.text, in: nameRoom)
            if progress {
                let now = h.classAccuracy[k][i]
                text("\(percent(now))", x: pctX, y: baseline, size: font, color: st.text, bold: true,
                     in: Rect(x: pctX - 70 * u, y: top, width: 70 * u, height: row), align: .right)
                let changeBox = Rect(x: pctX + 4 * u, y: top, width: changeX - pctX - 4 * u, height: row)
                if k > 0 {
                    let d = Int(((now - h.classAccuracy[k - 1][i]) * 100).rounded())
                    let s = d > 0 ? "▲ \(d)" : d < 0 ? "▼ \(-d)" : "–"
                    let col = d > 0 ? RGB(0.0, 0.55, 0.35) : d < 0 ? RGB(0.80, 0.25, 0.0) : st.muted
                    text(s, x: changeX, y: baseline, size: font, color: st.dark ? col.mixed(with: RGB(1, 1, 1), 0.3) : col, bold: true,
                         in: changeBox, align: .right)
                }
            }
        }
    }

    func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    /// Draws sample `i`'s image scaled into a square with a coloured border.
    func drawThumbnail(_ i: Int, x: Double, y: Double, side: Double, border: RGB) {
        guard let images = scene.input.images, let img = thumbnailSurface(i, images) else { return }
        cairo_save(cr)
        cairo_translate(cr, x, y)
        cairo_scale(cr, side / Double(images.width), side / Double(images.height))
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD)
        cairo_paint(cr)
        cairo_restore(cr)
        setColor(border)
        cairo_set_line_width(cr, max(1, 2 * scene.layout.unit))
        cairo_rectangle(cr, x, y, side, side)
        cairo_stroke(cr)
    }

    private func thumbnailSurface(_ i: Int, _ images: SampleImages) -> OpaquePointer? {
        if let s = thumbnails[i] { return s }
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(images.width), Int32(images.height)),
              let data = cairo_image_surface_get_data(s) else { return nil }
        let st = Int(cairo_image_surface_get_stride(s))
        let size = images.width * images.height * images.channels
        images.pixels.withUnsafeBufferPointer { p in
            for y in 0..<images.height { for x in 0..<images.width {
                let src = i * size + (y * images.width + x) * images.channels
                let d = data + y * st + x * 4
                if images.channels >= 3 {
                    d[0] = p[src + 2]; d[1] = p[src + 1]; d[2] = p[src]
                } else {
                    d[0] = p[src]; d[1] = p[src]; d[2] = p[src]
                }
                d[3] = 255
            } }
        }
        cairo_surface_mark_dirty(s)
        thumbnails[i] = s
        return s
    }

    // MARK: accuracy curve

    private func drawCurve(_ time: FrameTime) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.curve
        let h = scene.history
        let e = h.accuracy.count
        text("Share recognised over training", x: box.x, y: box.y + 18 * u, size: 17 * u, color: st.muted, bold: true,
             in: Rect(x: box.x, y: box.y, width: box.width, height: 26 * u))
        let chart = Rect(x: box.x + 50 * u, y: box.y + 34 * u, width: box.width - 60 * u, height: box.height - 64 * u)
        func px(_ p: Double) -> Double { chart.x + (e > 1 ? p / Double(e - 1) : 0.5) * chart.width }
        func py(_ v: Double) -> Double { chart.maxY - v * chart.height }
        setColor(st.muted, alpha: 0.5)
        cairo_set_line_width(cr, max(1, u))
        for v in [0.0, 0.5, 1.0] {
            cairo_move_to(cr, chart.x, py(v)); cairo_line_to(cr, chart.maxX, py(v)); cairo_stroke(cr)
            text(percent(v), x: chart.x - 6 * u, y: py(v) + 5 * u, size: 14 * u, color: st.muted,
                 in: Rect(x: box.x, y: py(v) - 12 * u, width: 44 * u, height: 22 * u), align: .right)
        }
        // Loss, scaled to its own maximum, dashed.
        if let loss = scene.input.metrics["test_loss"], let top = loss.max(), top > 0, e > 1 {
            setColor(st.muted)
            var dash = [4 * u, 4 * u]
            cairo_set_dash(cr, &dash, 2, 0)
            cairo_set_line_width(cr, 2 * u)
            for (i, v) in loss.enumerated() {
                let y = py(Double(v / top))
                i == 0 ? cairo_move_to(cr, px(Double(i)), y) : cairo_line_to(cr, px(Double(i)), y)
            }
            cairo_stroke(cr)
            cairo_set_dash(cr, nil, 0, 0)
        }
        setColor(st.text)
        cairo_set_line_width(cr, 3 * u)
        for (i, v) in h.accuracy.enumerated() {
            i == 0 ? cairo_move_to(cr, px(Double(i)), py(v)) : cairo_line_to(cr, px(Double(i)), py(v))
        }
        cairo_stroke(cr)
        // Marker at the current position.
        let pos = time.position
        let j = min(time.from + 1, e - 1)
        let acc = h.accuracy[time.from] + (h.accuracy[j] - h.accuracy[time.from]) * time.t
        setColor(RGB(0.84, 0.37, 0.0))
        cairo_set_line_width(cr, 2 * u)
        cairo_move_to(cr, px(pos), chart.y); cairo_line_to(cr, px(pos), chart.maxY); cairo_stroke(cr)
        cairo_arc(cr, px(pos), py(acc), 6 * u, 0, 2 * .pi)
        cairo_fill(cr)
        let legendY = box.maxY - 6 * u
        let legendBox = Rect(x: box.x, y: box.maxY - 26 * u, width: box.width, height: 26 * u)
        let r1 = text("— recognised", x: chart.x, y: legendY, size: 15 * u, color: st.text, in: legendBox)
        if scene.input.metrics["test_loss"] != nil && e > 1 {
            text("- - - error (loss, lower is better)", x: r1.maxX + 20 * u, y: legendY, size: 15 * u, color: st.muted, in: legendBox)
        }
    }

    // MARK: gallery

    let galleryLimit = 8

    private func drawGallery(epoch k: Int) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.gallery
        guard let pair = scene.galleryPairs[k] else {
            text("The network's most common mistake will show here.", x: box.x, y: box.y + 20 * u, size: 16 * u, color: st.muted,
                 in: Rect(x: box.x, y: box.y, width: box.width, height: 28 * u))
            return
        }
        text(scene.fill(st.templates.galleryTitle, epoch: k), x: box.x, y: box.y + 20 * u, size: 18 * u, color: st.text, bold: true,
             in: Rect(x: box.x, y: box.y, width: box.width, height: 28 * u))
        let samples = scene.gallerySamples(at: k, limit: galleryLimit)
        let side = min((box.width - Double(galleryLimit - 1) * 8 * u) / Double(galleryLimit), box.height - 60 * u)
        for (j, i) in samples.enumerated() {
            drawThumbnail(i, x: box.x + Double(j) * (side + 8 * u), y: box.y + 34 * u, side: side, border: scene.colors[pair.predicted])
        }
        text("Circled in the picture on the left; border = the network's guess", x: box.x, y: box.y + 34 * u + side + 22 * u,
             size: 14 * u, color: st.muted, in: Rect(x: box.x, y: box.y + 34 * u + side + 4 * u, width: box.width, height: 24 * u))
    }

    // MARK: timeline and details

    private func drawTimeline(_ time: FrameTime) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.timeline
        let epochs = scene.input.epochs
        let labelBox = Rect(x: box.x, y: box.y, width: 110 * u, height: box.height)
        text("Epoch", x: box.x, y: box.y + 24 * u, size: 18 * u, color: st.muted, bold: true, in: labelBox)
        let line = Rect(x: box.x + 120 * u, y: box.y + 18 * u, width: box.width - 140 * u, height: 0)
        func px(_ p: Double) -> Double { line.x + (epochs.count > 1 ? p / Double(epochs.count - 1) : 0) * line.width }
        setColor(st.muted, alpha: 0.6)
        cairo_set_line_width(cr, 3 * u)
        cairo_move_to(cr, line.x, line.y); cairo_line_to(cr, line.maxX, line.y); cairo_stroke(cr)
        setColor(st.text)
        cairo_move_to(cr, line.x, line.y); cairo_line_to(cr, px(time.position), line.y); cairo_stroke(cr)
        let spacing = epochs.count > 1 ? line.width / Double(epochs.count - 1) : line.width
        let step = max(1, Int((60 * u / spacing).rounded(.up)))
        for (i, ep) in epochs.enumerated() {
            let x = px(Double(i))
            setColor(Double(i) <= time.position + 1e-9 ? st.text : st.muted)
            cairo_arc(cr, x, line.y, 5 * u, 0, 2 * .pi); cairo_fill(cr)
            if i % step == 0 || i == epochs.count - 1 {
                // Labels are centred under their dot, except the first (left-aligned) and last (right-aligned).
                let half = min(spacing * Double(step), 80 * u) / 2
                let align: Align = i == 0 ? .left : i == epochs.count - 1 ? .right : .center
                let lx = align == .left ? x - 6 * u : align == .right ? x + 6 * u : x
                let cell = align == .left ? Rect(x: lx, y: line.y + 10 * u, width: half * 2, height: 26 * u)
                    : align == .right ? Rect(x: lx - half * 2, y: line.y + 10 * u, width: half * 2, height: 26 * u)
                    : Rect(x: x - half, y: line.y + 10 * u, width: 2 * half, height: 26 * u)
                text(ep == 0 ? "start" : "\(ep)", x: lx, y: line.y + 30 * u, size: 15 * u, color: st.muted, in: cell, align: align)
            }
        }
        setColor(RGB(0.84, 0.37, 0.0))
        cairo_arc(cr, px(time.position), line.y, 9 * u, 0, 2 * .pi); cairo_fill(cr)
    }

    private func drawDetails(epoch k: Int) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let input = scene.input
        let layer = input.layer.isEmpty ? "" : "layer \(input.layer) · "
        text("Details: \(layer)epoch \(input.epochs[k]) · \(input.sampleCount) test pictures · 2-D map by UMAP",
             x: lay.details.maxX, y: lay.details.y + 17 * u, size: 14 * u, color: st.muted, in: lay.details, align: .right)
    }
}
