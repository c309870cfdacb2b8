import CCairo
import SceneModel

extension FrameRenderer {
    /// The map: each tracked picture a dot in its true class's colour at its position,
    /// interpolated between two snapshots; a ring in the guessed class's colour on wrong
    /// guesses (once `moment.ringsShown`); the gallery's pictures circled in the text colour;
    /// some samples drawn as their pictures.
    func drawMap(_ time: FrameTime, _ moment: Moment) {
        let input = scene.input, lay = scene.layout, st = scene.style
        let plot = lay.plot
        let (scale, dx, dy) = scene.view.transform(into: plot)
        let a = input.coordinates[time.from]
        let b = input.coordinates[min(time.from + 1, input.snapshotCount - 1)]
        let t = Float(time.t)
        let colors = scene.colors.map { $0.bytes }
        let predicted = input.predictions[moment.snapshot]
        let gallery = (time.card ? scene.summary.gallery : moment.gallery)?.samples ?? []
        let r = stamper.diameter / 2
        let lo = (plot.x + r, plot.y + r), hi = (plot.maxX - r, plot.maxY - r)
        let clip = (Int(plot.x), Int(plot.y), Int(plot.maxX), Int(plot.maxY))
        let alpha = Float(st.pointAlpha)
        cairo_surface_flush(surface)
        guard let data = cairo_image_surface_get_data(surface) else { return }
        let stride = self.stride
        let n = input.sampleCount
        var xs = [Double](repeating: 0, count: n), ys = [Double](repeating: 0, count: n)
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
            for i in 0..<n {
                let x = Double(a[2 * i] + (b[2 * i] - a[2 * i]) * t)
                let y = Double(a[2 * i + 1] + (b[2 * i + 1] - a[2 * i + 1]) * t)
                xs[i] = x.isFinite ? min(hi.0, max(lo.0, dx + x * scale)) : -1e9
                ys[i] = y.isFinite ? min(hi.1, max(lo.1, dy - y * scale)) : -1e9
            }
        } }
        for i in 0..<n {
            stamper.dot(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: colors[input.labels[i]], alpha: alpha)
        }
        if moment.ringsShown {
            for i in 0..<n where predicted[i] != input.labels[i] {
                stamper.ring(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: colors[predicted[i]], alpha: 1)
            }
        }
        let mark = st.text.bytes
        for i in gallery.sorted() {
            galleryStamper.ring(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: mark, alpha: 1)
        }
        cairo_surface_mark_dirty(surface)
        // Some samples as their pictures, framed in their true class's colour (with an outer
        // frame in the guessed class's colour when wrong and rings are shown).
        let u = lay.unit
        let side = st.thumbnailSize * u
        for i in scene.thumbnailSamples where xs[i] > -1e8 && ys[i] > -1e8 {
            let x = min(plot.maxX - side, max(plot.x, xs[i] - side / 2)), y = min(plot.maxY - side, max(plot.y, ys[i] - side / 2))
            if moment.ringsShown && predicted[i] != input.labels[i] {
                fillRect(Rect(x: x - 3 * u, y: y - 3 * u, width: side + 6 * u, height: side + 6 * u), scene.colors[predicted[i]])
            }
            drawThumbnail(i, x: x, y: y, side: side, border: scene.colors[input.labels[i]])
        }
    }
}
