import SceneModel
extension FrameRenderer {
    /// The small details line: layer, optimizer step, epoch, number of pictures, method.
    func drawDetails(_ moment: Moment) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        text(moment.details, x: lay.details.maxX, y: lay.details.y + 17 * u, size: 14 * u, color: st.muted,
             in: lay.details, align: .right)
    }
}
