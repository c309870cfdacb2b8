import SceneModel
extension FrameRenderer {
    /// The closing card over the right-hand panels: the summary lines in plain words, each a
    /// paragraph wrapped to the card's width (the first, the headline, larger and bold). When
    /// they do not fit the layout's card, all of them shrink by one factor, so their sizes stay
    /// in proportion; the card is as tall as they need and centred where the layout puts it.
    func drawSummaryCard(_ card: SummaryCard) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let pad = 24 * u, gap = 12 * u, width = lay.card.width - 2 * pad
        let room = lay.card.height - 2 * pad
        func size(_ i: Int, _ scale: Double) -> Double { (i == 0 ? 30 : 24) * u * scale }
        func heights(_ scale: Double) -> [Double] {
            card.lines.enumerated().map { i, s in
                paragraph(s, x: 0, y: 0, width: width, size: size(i, scale), color: st.text, bold: i == 0, draw: false).height
            }
        }
        var scale = 1.0, h = heights(scale)
        func total(_ h: [Double]) -> Double { h.reduce(0, +) + gap * Double(max(0, h.count - 1)) }
        for _ in 0..<8 where total(h) > room && scale > 0.3 {
            scale *= max(0.7, (room / total(h)).squareRoot() * 0.98)
            h = heights(scale)
        }
        let height = min(lay.card.height, total(h) + 2 * pad)
        let box = Rect(x: lay.card.x, y: lay.card.y + (lay.card.height - height) / 2, width: lay.card.width, height: height)
        fillRect(box, st.card)
        line(from: (box.x, box.y), to: (box.maxX, box.y), width: 4 * u, st.accent)
        var y = box.y + pad
        for (i, s) in card.lines.enumerated() {
            paragraph(s, x: box.x + pad, y: y, width: width, size: size(i, scale), color: st.text, bold: i == 0)
            y += h[i] + gap
        }
    }
}
