import SceneModel
extension FrameRenderer {
    /// Real pictures of a gallery (the most-confused pair, or at the end the hardest class's
    /// wrong pictures), each framed in the colour of the class it was taken for.
    func drawGallery(_ items: GalleryItems?) {
        let st = scene.style, lay = scene.layout, u = lay.unit
        let box = lay.gallery
        let head = Rect(x: box.x, y: box.y, width: box.width, height: 28 * u)
        guard let items, !items.samples.isEmpty else {
            text(st.templates.galleryEmpty, x: box.x, y: box.y + 20 * u, size: 16 * u, color: st.muted, in: head)
            return
        }
        text(items.title, x: box.x, y: box.y + 20 * u, size: 18 * u, color: st.text, bold: true, in: head)
        let limit = Double(Scene.galleryLimit)
        let side = min((box.width - (limit - 1) * 8 * u) / limit, box.height - 60 * u)
        for (j, i) in items.samples.enumerated() {
            drawThumbnail(i, x: box.x + Double(j) * (side + 8 * u), y: box.y + 34 * u, side: side, border: scene.colors[items.guessed[j]])
        }
        text(items.note, x: box.x, y: box.y + 34 * u + side + 22 * u, size: 14 * u, color: st.muted,
             in: Rect(x: box.x, y: box.y + 34 * u + side + 4 * u, width: box.width, height: 24 * u))
    }
}
