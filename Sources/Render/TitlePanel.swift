import SceneModel
extension FrameRenderer {
    /// The title line at the top: the moment's (the time in pictures seen and the share of test
    /// pictures right), or the reading guide's.
    func drawTitle(_ title: String) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        text(title, x: lay.title.x, y: lay.title.y + 38 * u, size: 36 * u, color: st.text, bold: true, in: lay.title)
    }
}
