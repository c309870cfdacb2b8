import CCairo
import SceneModel

extension FrameRenderer {
    /// The key under the map, one message a line: what a dot and closeness mean, then the
    /// colour rule with a swatch each (`Scene.keyColours(at:)`: right in the colour most on the map now), then the pictures on the map.
    func drawKey(_ moment: Moment) {
        let st = scene.style, lay = scene.layout, u = lay.unit, w = st.templates
        let box = lay.key
        let size = 18 * u
        let pitch = box.height / 3
        func baseline(_ i: Int) -> Double { box.y + pitch * (Double(i) + 0.72) }
        func cell(_ i: Int, from x: Double, to end: Double) -> Rect { Rect(x: x, y: box.y + pitch * Double(i), width: end - x, height: pitch) }
        text(scene.withKind(w.keyDots), x: box.x, y: baseline(0), size: size, color: st.text, in: cell(0, from: box.x, to: box.maxX))
        let entries = scene.keyColours(at: moment)
        let slot = box.width / Double(entries.count)
        for (k, (colour, words)) in entries.enumerated() {
            let x = box.x + Double(k) * slot
            fillCircle(x: x + 8 * u, y: baseline(1) - 6 * u, radius: stamper.diameter / 2 + 2 * u, colour, alpha: st.pointAlpha)
            text(words, x: x + 24 * u, y: baseline(1), size: size, color: st.text, in: cell(1, from: x + 24 * u, to: x + slot - 8 * u))
        }
        if !scene.thumbnailSamples.isEmpty {
            text(scene.withKind(w.keyPictures), x: box.x, y: baseline(2), size: size, color: st.text, in: cell(2, from: box.x, to: box.maxX))
        }
    }
}
