import SceneModel

extension FrameRenderer {
    /// The featured classes' names (or the groups') on the map, each in its box from
    /// `scene.labels`, moved smoothly from one snapshot's place to the next's: a pale card under
    /// the name keeps it readable over dots, and a bar in its colour ties it to its island.
    func drawLabels(_ time: FrameTime) {
        let st = scene.style, u = scene.layout.unit
        let next = min(time.from + 1, scene.input.snapshotCount - 1)
        let after = Dictionary(scene.labels[next].map { ($0.index, $0.box) }, uniquingKeysWith: { a, _ in a })
        let size = st.labelSize * u
        for label in scene.labels[time.from] {
            let to = after[label.index] ?? label.box, t = time.t
            let box = Rect(x: label.box.x + (to.x - label.box.x) * t, y: label.box.y + (to.y - label.box.y) * t,
                           width: label.box.width + (to.width - label.box.width) * t, height: label.box.height)
            fillRect(box, st.background, alpha: 0.82)
            fillRect(Rect(x: box.x, y: box.y + 0.15 * box.height, width: 0.22 * size, height: 0.7 * box.height), scene.labelColors[label.index])
            let inner = Rect(x: box.x + 0.4 * size, y: box.y, width: box.width - 0.45 * size, height: box.height)
            text(label.text, x: inner.x, y: box.y + 0.5 * box.height + 0.36 * size, size: size, color: st.text, bold: true, in: inner)
        }
    }
}
