import SceneModel
extension FrameRenderer {
    /// The timeline: one dot per snapshot, evenly spaced; epoch boundaries marked with a tall
    /// tick and "pass n"; the cursor at the current moment with the pictures seen above it.
    func drawTimeline(_ time: FrameTime) {
        let st = scene.style, lay = scene.layout, u = lay.unit, w = st.templates
        let box = lay.timeline
        let snapshots = scene.input.snapshots
        let count = snapshots.count
        let titleBox = Rect(x: box.x, y: box.y, width: 170 * u, height: box.height)
        text(scene.input.knowsImagesSeen ? w.timelineTitle : w.timelineTitlePasses, x: box.x, y: box.y + 36 * u, size: 17 * u,
             color: st.muted, bold: true, in: titleBox)
        let track = Rect(x: titleBox.maxX + 20 * u, y: box.y + 30 * u, width: box.width - titleBox.width - 40 * u, height: 0)
        func px(_ p: Double) -> Double { track.x + (count > 1 ? p / Double(count - 1) : 0) * track.width }
        line(from: (track.x, track.y), to: (track.maxX, track.y), width: 3 * u, st.muted, alpha: 0.6)
        line(from: (track.x, track.y), to: (px(time.position), track.y), width: 3 * u, st.text)
        for i in 0..<count {
            fillCircle(x: px(Double(i)), y: track.y, radius: 4 * u, Double(i) <= time.position + 1e-9 ? st.text : st.muted)
        }
        // Epoch boundaries (and the start), labelled where there is room.
        var lastLabel = -Double.infinity
        let labelWidth = 80 * u
        for (i, s) in snapshots.enumerated() where i == 0 || (s.epochEnd && s.epoch > 0) {
            let x = px(Double(i))
            line(from: (x, track.y - 9 * u), to: (x, track.y + 9 * u), width: 2 * u, st.muted)
            guard x - lastLabel >= labelWidth else { continue }
            let label = i == 0 ? w.timelineStart : Templates.fill(w.timelinePass, ["n": decimal(s.epoch)])
            let align: Align = i == 0 ? .left : i == count - 1 ? .right : .center
            let cell = align == .left ? Rect(x: x - 4 * u, y: track.y + 10 * u, width: labelWidth, height: 22 * u)
                : align == .right ? Rect(x: x - labelWidth + 4 * u, y: track.y + 10 * u, width: labelWidth, height: 22 * u)
                : Rect(x: x - labelWidth / 2, y: track.y + 10 * u, width: labelWidth, height: 22 * u)
            let lx = align == .left ? x - 4 * u : align == .right ? x + 4 * u : x
            text(label, x: lx, y: track.y + 26 * u, size: 14 * u, color: st.muted, in: cell, align: align)
            lastLabel = x
        }
        let cursor = px(time.position)
        fillCircle(x: cursor, y: track.y, radius: 8 * u, st.accent)
        let tick = scene.moments[time.nearest].tick
        let half = 70 * u
        let cx = min(track.maxX - half, max(track.x + half, cursor))
        text(tick, x: cx, y: track.y - 12 * u, size: 14 * u, color: st.text, bold: true,
             in: Rect(x: cx - half, y: box.y, width: 2 * half, height: track.y - 6 * u - box.y), align: .center)
    }
}
