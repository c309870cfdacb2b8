import CCairo
import SceneModel

extension FrameRenderer {
    /// The caption band under the title: the lines of the current caption page, each with a
    /// bar in the colour of the class it is about (text colour when about no class). Empty
    /// while the map moves between snapshots.
    func drawCaptions(_ moment: Moment, page: Int?) {
        guard let page, page < moment.pages.count else { return }
        let st = scene.style, lay = scene.layout, u = lay.unit
        let lines = Double(max(1, st.captionLines))
        let pitch = lay.captions.height / lines
        let size = min(25 * u, pitch * 0.72)
        for (i, c) in moment.pages[page].enumerated() {
            let y = lay.captions.y + Double(i) * pitch + pitch * 0.72
            fillRect(Rect(x: lay.captions.x, y: y - size * 0.75, width: 8 * u, height: size * 0.9),
                     c.classIndex.map { scene.colors[$0] } ?? st.text)
            text(c.text, x: lay.captions.x + 18 * u, y: y, size: size, color: st.text,
                 in: Rect(x: lay.captions.x, y: lay.captions.y + Double(i) * pitch, width: lay.captions.width, height: pitch))
        }
    }
}
