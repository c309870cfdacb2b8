import CCairo
import SceneModel

extension FrameRenderer {
    /// The key under the map: what a dot, its colour, a ring and the pictures on the map mean.
    /// Before the network is past guessing, the ring line says when rings will appear.
    func drawKey(_ moment: Moment) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.key
        let size = 18 * u
        let pitch = box.height / 4
        func baseline(_ i: Int) -> Double { box.y + pitch * (Double(i) + 0.78) }
        func cell(_ i: Int) -> Rect { Rect(x: box.x, y: box.y + pitch * Double(i), width: box.width, height: pitch) }
        text(scene.withKind(st.templates.keyDots), x: box.x, y: baseline(0), size: size, color: st.text, in: cell(0))
        let swatch = scene.colors.first ?? st.text
        let cx = box.x + 8 * u
        fillCircle(x: cx, y: baseline(1) - 6 * u, radius: stamper.diameter / 2 + u, swatch, alpha: st.pointAlpha)
        text(scene.withKind(st.templates.keyColour), x: box.x + 24 * u, y: baseline(1), size: size, color: st.text, in: cell(1))
        if moment.ringsShown {
            fillCircle(x: cx, y: baseline(2) - 6 * u, radius: stamper.diameter / 2 + u, swatch, alpha: st.pointAlpha)
            setColor(scene.colors.count > 1 ? scene.colors[1] : st.text)
            cairo_set_line_width(cr, max(1.5, st.ringWidth * u))
            cairo_arc(cr, cx, baseline(2) - 6 * u, stamper.diameter / 2 + u + st.ringWidth * u, 0, 2 * .pi)
            cairo_stroke(cr)
            text(scene.withKind(st.templates.keyRing), x: box.x + 24 * u, y: baseline(2), size: size, color: st.text, in: cell(2))
        } else {
            let from = st.templates.percent(st.rules.ringsFrom)
            text(Templates.fill(st.templates.keyRingLater, ["rings_from": from]), x: box.x + 24 * u, y: baseline(2), size: size,
                 color: st.muted, in: cell(2))
        }
        if !scene.thumbnailSamples.isEmpty {
            text(scene.withKind(st.templates.keyPictures), x: box.x, y: baseline(3), size: size, color: st.text, in: cell(3))
        }
    }
}
