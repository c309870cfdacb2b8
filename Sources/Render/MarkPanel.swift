import CCairo
import SceneModel

extension FrameRenderer {
    /// While a caption page is up, the place it talks about (`Moment.marks`) circled in the
    /// accent colour, so the eye goes from the words to the map.
    func drawMark(_ time: FrameTime, _ moment: Moment) {
        guard let page = time.page, page < moment.marks.count, let mark = moment.marks[page] else { return }
        let st = scene.style, u = scene.layout.unit
        let (scale, dx, dy) = scene.view.transform(into: scene.layout.plot)
        setColor(st.accent)
        cairo_set_line_width(cr, 3 * u)
        cairo_arc(cr, dx + mark.x * scale, dy - mark.y * scale, mark.radius * scale + stamper.diameter, 0, 2 * .pi)
        cairo_stroke(cr)
    }
}
