import SceneModel
extension FrameRenderer {
    /// The per-class table: colour, an example picture, the name (✓ when learned), "right of
    /// size", the share right and its change since the previous snapshot (the difference of
    /// the shares shown). Under it: what ✓ means and why the highlighted row is highlighted.
    /// When the classes do not all fit at `Layout.minimumRowHeight`, the rows that matter are
    /// shown and one last row sums up the rest (`TableRows`).
    func drawClassTable(_ moment: Moment, highlight: Highlight?) {
        let st = scene.style, lay = scene.layout, u = lay.unit, w = st.templates
        let box = lay.classes
        let progress = st.panels.classProgress
        let headerHeight = 30 * u
        let footerHeight = progress ? 44 * u : 0
        let room = scene.layout.tableRoom(panels: st.panels)
        let (shown, rest) = TableRows.choose(moment, featured: scene.featured, highlight: highlight?.row, room: room)
        let c = shown.count + (rest.isEmpty ? 0 : 1)
        let row = min(44 * u, (box.height - headerHeight - footerHeight) / Double(max(1, c)))
        let font = min(20 * u, row * 0.55)
        let changeX = box.maxX, pctX = box.maxX - 80 * u, countX = pctX - 76 * u
        let nameEnd = progress ? countX - 100 * u : box.maxX
        text(scene.withKind(progress ? w.tableTitle : w.kind), x: box.x, y: box.y + 20 * u, size: 17 * u, color: st.muted, bold: true,
             in: Rect(x: box.x, y: box.y, width: nameEnd - box.x, height: headerHeight))
        if progress {
            text(w.tableChange, x: changeX, y: box.y + 20 * u, size: 17 * u, color: st.muted, bold: true,
                 in: Rect(x: pctX + 4 * u, y: box.y, width: changeX - pctX - 4 * u, height: headerHeight), align: .right)
        }
        for (slot, k) in shown.enumerated() {
            let r = moment.rows[k]
            let top = box.y + headerHeight + Double(slot) * row
            if progress, let h = highlight, h.row == r.classIndex {
                fillRect(Rect(x: box.x - 4 * u, y: top, width: box.width + 8 * u, height: row), st.highlight)
            }
            let mid = top + row / 2
            fillRect(Rect(x: box.x, y: top + row * 0.15, width: 10 * u, height: row * 0.7), r.color)
            var x = box.x + 18 * u
            if let ex = r.example, scene.input.images != nil {
                let side = row * 0.86
                drawThumbnail(ex, x: x, y: mid - side / 2, side: side, border: r.color)
                x += side + 10 * u
            }
            let baseline = mid + font * 0.35
            let name = progress && r.learned ? "\(r.name) \(w.learnedMark)" : r.name
            text(name, x: x, y: baseline, size: font, color: st.text, in: Rect(x: x, y: top, width: nameEnd - x, height: row))
            guard progress else { continue }
            text(r.countText, x: countX, y: baseline, size: font * 0.85, color: st.muted,
                 in: Rect(x: nameEnd + 4 * u, y: top, width: countX - nameEnd - 4 * u, height: row), align: .right)
            text(r.percentText, x: pctX, y: baseline, size: font, color: st.text, bold: true,
                 in: Rect(x: countX + 4 * u, y: top, width: pctX - countX - 4 * u, height: row), align: .right)
            if let change = r.change {
                text(r.changeText, x: changeX, y: baseline, size: font, color: change > 0 ? st.better : change < 0 ? st.worse : st.muted,
                     bold: true, in: Rect(x: pctX + 4 * u, y: top, width: changeX - pctX - 4 * u, height: row), align: .right)
            }
        }
        if !rest.isEmpty {
            let top = box.y + headerHeight + Double(shown.count) * row
            text(TableRows.restText(moment, rest: rest, words: w, kind: w.kind), x: box.x + 18 * u, y: top + row / 2 + font * 0.35,
                 size: font, color: st.muted, in: Rect(x: box.x + 18 * u, y: top, width: box.width - 18 * u, height: row))
        }
        guard progress else { return }
        let foot = box.y + headerHeight + Double(c) * row
        let note = Templates.fill(w.learnedNote, ["learned": w.percent(st.rules.learned)])
        text(note, x: box.x, y: foot + 18 * u, size: 15 * u, color: st.muted,
             in: Rect(x: box.x, y: foot, width: box.width, height: 22 * u))
        if let h = highlight {
            text(h.reason, x: box.x, y: foot + 40 * u, size: 15 * u, color: st.muted,
                 in: Rect(x: box.x, y: foot + 22 * u, width: box.width, height: 22 * u))
        }
    }
}
