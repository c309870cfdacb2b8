import CCairo
import SceneModel

extension FrameRenderer {
    /// Share right over training (solid) and test loss scaled to its maximum (dashed, only
    /// where recorded), snapshots evenly spaced, with a marker at the current moment.
    func drawCurve(_ time: FrameTime) {
        let st = scene.style, lay = scene.layout, u = lay.unit, w = st.templates
        let box = lay.curve
        let h = scene.history
        let e = h.accuracy.count
        text(w.curveTitle, x: box.x, y: box.y + 18 * u, size: 17 * u, color: st.muted, bold: true,
             in: Rect(x: box.x, y: box.y, width: box.width, height: 26 * u))
        let chart = Rect(x: box.x + 64 * u, y: box.y + 34 * u, width: box.width - 74 * u, height: box.height - 64 * u)
        func px(_ p: Double) -> Double { chart.x + (e > 1 ? p / Double(e - 1) : 0.5) * chart.width }
        func py(_ v: Double) -> Double { chart.maxY - v * chart.height }
        for v in [0.0, 0.5, 1.0] {
            line(from: (chart.x, py(v)), to: (chart.maxX, py(v)), width: max(1, u), st.muted, alpha: 0.5)
            text(w.percent(v), x: chart.x - 6 * u, y: py(v) + 5 * u, size: 14 * u, color: st.muted,
                 in: Rect(x: box.x, y: py(v) - 12 * u, width: 58 * u, height: 22 * u), align: .right)
        }
        let loss = scene.input.metrics[.testLoss].map { $0.enumerated().filter { $0.element.isFinite } } ?? []
        let top = loss.map(\.element).max() ?? 0
        let showLoss = loss.count > 1 && top > 0
        if showLoss {
            setColor(st.muted)
            var dash = [4 * u, 4 * u]
            cairo_set_dash(cr, &dash, 2, 0)
            cairo_set_line_width(cr, 2 * u)
            for (k, p) in loss.enumerated() {
                let x = px(Double(p.offset)), y = py(Double(p.element / top))
                k == 0 ? cairo_move_to(cr, x, y) : cairo_line_to(cr, x, y)
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
        let pos = time.position
        let j = min(time.from + 1, e - 1)
        let acc = h.accuracy[time.from] + (h.accuracy[j] - h.accuracy[time.from]) * time.t
        line(from: (px(pos), chart.y), to: (px(pos), chart.maxY), width: 2 * u, st.accent)
        fillCircle(x: px(pos), y: py(acc), radius: 6 * u, st.accent)
        let legendY = box.maxY - 6 * u
        let legendBox = Rect(x: box.x, y: box.maxY - 26 * u, width: box.width, height: 26 * u)
        let r1 = text(w.curveRight, x: chart.x, y: legendY, size: 15 * u, color: st.text, in: legendBox)
        if showLoss {
            text(w.curveLoss, x: r1.maxX + 20 * u, y: legendY, size: 15 * u, color: st.muted, in: legendBox)
        }
    }
}
