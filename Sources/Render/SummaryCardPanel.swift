import SceneModel
extension FrameRenderer {
    /// The closing card over the map: the summary lines in plain words.
    func drawSummaryCard(_ card: SummaryCard) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        // As tall as its lines need (at most the layout's card), centred where the layout puts it.
        let lines = Double(max(1, card.lines.count))
        let height = min(lay.card.height, 30 * u + 8 * u + lines * 46 * u)
        let box = Rect(x: lay.card.x, y: lay.card.y + (lay.card.height - height) / 2, width: lay.card.width, height: height)
        fillRect(box, st.card)
        line(from: (box.x, box.y), to: (box.maxX, box.y), width: 4 * u, st.accent)
        let pitch = min(46 * u, (box.height - 30 * u) / lines)
        for (i, s) in card.lines.enumerated() {
            let cell = Rect(x: box.x + 24 * u, y: box.y + 16 * u + Double(i) * pitch, width: box.width - 48 * u, height: pitch)
            text(s, x: cell.x, y: cell.y + pitch * 0.72, size: min(i == 0 ? 30 * u : 24 * u, pitch * 0.62), color: st.text,
                 bold: i == 0, in: cell)
        }
    }
}
