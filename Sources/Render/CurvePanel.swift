import CCairo
import SceneModel

extension FrameRenderer {
    /// The share of tracked test pictures right, measured at every snapshot: a point per
    /// snapshot (evenly spaced, as on the timeline) and a segment only between neighbouring
    /// snapshots, so no line stands where nothing was measured; drawn up to the current moment
    /// only (what is still to come is not given away), with a marker there. The drawn points are
    /// recorded in `curvePoints` for tests.
    func drawCurve(_ time: FrameTime) {
        let st = scene.style, lay = scene.layout, u = lay.unit, w = st.templates
        let box = lay.curve
        let h = scene.history
        let e = h.accuracy.count
        text(w.curveTitle, x: box.x, y: box.y + 18 * u, size: 17 * u, color: st.muted, bold: true,
             in: Rect(x: box.x, y: box.y, width: box.width, height: 26 * u))
        let chart = Rect(x: box.x + 64 * u, y: box.y + 34 * u, width: box.width - 74 * u, height: box.height - 50 * u)
        func px(_ p: Double) -> Double { chart.x + (e > 1 ? p / Double(e - 1) : 0.5) * chart.width }
        func py(_ v: Double) -> Double { chart.maxY - v * chart.height }
        for v in [0.0, 0.5, 1.0] {
            line(from: (chart.x, py(v)), to: (chart.maxX, py(v)), width: max(1, u), st.muted, alpha: 0.5)
            text(w.percent(v), x: chart.x - 6 * u, y: py(v) + 5 * u, size: 14 * u, color: st.muted,
                 in: Rect(x: box.x, y: py(v) - 12 * u, width: 58 * u, height: 22 * u), align: .right)
        }
        let pos = time.position
        let j = min(time.from + 1, e - 1)
        let acc = h.accuracy[time.from] + (h.accuracy[j] - h.accuracy[time.from]) * time.t
        curvePoints = h.accuracy.enumerated().prefix(time.from + 1).map { (snapshot: $0.offset, value: $0.element) }
        setColor(st.text)
        cairo_set_line_width(cr, 3 * u)
        for (i, v) in curvePoints where v.isFinite {
            i > 0 && h.accuracy[i - 1].isFinite ? cairo_line_to(cr, px(Double(i)), py(v)) : cairo_move_to(cr, px(Double(i)), py(v))
        }
        // The stretch being travelled, up to the marker.
        if time.t > 0 && acc.isFinite { cairo_line_to(cr, px(pos), py(acc)) }
        cairo_stroke(cr)
        line(from: (px(pos), chart.y), to: (px(pos), chart.maxY), width: 2 * u, st.accent)
        fillCircle(x: px(pos), y: py(acc), radius: 6 * u, st.accent)
    }
}
