import SceneModel
extension FrameRenderer {
    /// The title: the time in pictures seen and the share of test pictures right.
    func drawTitle(_ moment: Moment) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        text(moment.title, x: lay.title.x, y: lay.title.y + 38 * u, size: 36 * u, color: st.text, bold: true, in: lay.title)
    }
}
