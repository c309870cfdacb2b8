import SceneModel

extension FrameRenderer {
    /// A screen of the reading guide: the guide's title, its one message in the caption band,
    /// and the map at the start with the screen's dots lit; the table, curve, gallery and
    /// timeline give way while the map is the point.
    func drawGuide(_ time: FrameTime, _ screen: Guide.Screen) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        drawMap(time, scene.moments[0], guide: screen)
        drawTitle(scene.guide.title)
        let band = Rect(x: lay.captions.x, y: lay.captions.y, width: lay.captions.width, height: max(lay.captions.height, 44 * u))
        fillRect(Rect(x: band.x, y: band.y + 8 * u, width: 6 * u, height: 30 * u), st.accent)
        text(screen.text, x: band.x + 18 * u, y: band.y + 32 * u, size: 28 * u, color: st.text, in: band)
        if screen.coloured && st.panels[.key] { drawKey(scene.moments[0]) }
    }
}
