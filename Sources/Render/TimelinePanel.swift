import SceneModel
extension FrameRenderer {
    /// The timeline: one dot per snapshot, evenly spaced, the start labelled; the cursor at the
    /// current moment with the pictures seen above it. (Passes over the practice pictures are
    /// left to the page's details: a viewer of the video needs only how many pictures.)
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
        text(w.timelineStart, x: track.x - 4 * u, y: track.y + 26 * u, size: 14 * u, color: st.muted,
             in: Rect(x: track.x - 4 * u, y: track.y + 10 * u, width: 80 * u, height: 22 * u))
        let cursor = px(time.position)
        fillCircle(x: cursor, y: track.y, radius: 8 * u, st.accent)
        let tick = scene.moments[time.nearest].tick
        let half = 70 * u
        let cx = min(track.maxX - half, max(track.x + half, cursor))
        text(tick, x: cx, y: track.y - 12 * u, size: 14 * u, color: st.text, bold: true,
             in: Rect(x: cx - half, y: box.y, width: 2 * half, height: track.y - 6 * u - box.y), align: .center)
    }
}
