import CCairo
import SceneModel

extension FrameRenderer {
    /// The map: each tracked picture a dot at its position, interpolated between two snapshots,
    /// coloured by `scene.dots` (its class's colour when named right, pale when wrong), the
    /// colour too blended from one snapshot's to the next's; the gallery's pictures circled in
    /// the text colour; some samples drawn as their pictures, framed in their dot's colour.
    func drawMap(_ time: FrameTime, _ moment: Moment, guide screen: Guide.Screen? = nil) {
        let input = scene.input, lay = scene.layout, st = scene.style
        let plot = lay.plot
        let (scale, dx, dy) = scene.view.transform(into: plot)
        let a = input.coordinates[time.from]
        let b = input.coordinates[min(time.from + 1, input.snapshotCount - 1)]
        let t = Float(time.t)
        let guessA = input.predictions[time.from], guessB = input.predictions[min(time.from + 1, input.snapshotCount - 1)]
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
        let colours = (0..<n).map { i in dotColour(i, guessA[i], guessB[i], t: time.t) }
        if let screen, !screen.coloured {
            // The guide: every dot faded, the lit ones in the text colour on top.
            let faded = st.wrong.bytes, lit = st.text.bytes
            for i in 0..<n { stamper.dot(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: faded, alpha: alpha * 0.6) }
            for i in screen.lit { stamper.dot(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: lit, alpha: 1) }
        } else {
            // Pale (wrong) dots first, so that a coloured island is never covered by them.
            for pale in [true, false] {
                for i in 0..<n where (guessB[i] != input.labels[i]) == pale {
                    stamper.dot(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: colours[i].bytes, alpha: alpha)
                }
            }
        }
        let mark = st.text.bytes
        for i in screen == nil ? gallery.sorted() : [] {
            galleryStamper.ring(data, stride: stride, clip: clip, cx: xs[i], cy: ys[i], color: mark, alpha: 1)
        }
        cairo_surface_mark_dirty(surface)
        // Some samples as their pictures, framed in their dot's colour.
        let u = lay.unit
        if let screen {
            // The guide's picture, large, beside its dot.
            if let i = screen.picture, xs[i] > -1e8 {
                let side = 4 * st.thumbnailSize * u
                let x = xs[i] + 3 * st.pointSize * u + side < plot.maxX ? xs[i] + 3 * st.pointSize * u : xs[i] - 3 * st.pointSize * u - side
                let y = min(plot.maxY - side, max(plot.y, ys[i] - side / 2))
                line(from: (xs[i], ys[i]), to: (x < xs[i] ? x + side : x, y + side / 2), width: 2 * u, st.text)
                drawThumbnail(i, x: x, y: y, side: side, border: st.text)
            }
            return
        }
        let side = st.thumbnailSize * u
        for i in scene.thumbnailSamples where xs[i] > -1e8 && ys[i] > -1e8 {
            let x = min(plot.maxX - side, max(plot.x, xs[i] - side / 2)), y = min(plot.maxY - side, max(plot.y, ys[i] - side / 2))
            drawThumbnail(i, x: x, y: y, side: side, border: colours[i])
        }
    }

    /// Sample `i`'s dot colour a fraction `t` of the way from the snapshot where it was guessed
    /// `a` to the next, where it is guessed `b`.
    func dotColour(_ i: Int, _ a: Int, _ b: Int, t: Double) -> RGB {
        let label = scene.input.labels[i]
        let from = scene.dots.colour(label: label, guess: a), to = scene.dots.colour(label: label, guess: b)
        return from == to ? from : from.mixed(with: to, t)
    }
}
