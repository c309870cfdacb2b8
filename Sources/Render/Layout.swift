/// Where each part of a frame goes, in pixels, for a given frame size. Sizes are designed at
/// 1920×1080 and scaled by `unit` = min(width/1920, height/1080).
public struct Layout: Sendable {
    public let width: Double, height: Double, unit: Double
    public let title: Rect, captions: Rect, plot: Rect, key: Rect, classes: Rect, curve: Rect,
                gallery: Rect, timeline: Rect, details: Rect

    public init(width: Double, height: Double, classCount: Int, panels: Panels, hasImages: Bool) {
        self.width = width; self.height = height
        let u = min(width / 1920, height / 1080)
        unit = u
        let m = 28 * u
        let right = width * 0.63
        title = Rect(x: m, y: m, width: width - 2 * m, height: 50 * u)
        captions = Rect(x: m, y: title.maxY + 4 * u, width: width - 2 * m, height: panels.captions ? 70 * u : 0)
        let timelineHeight = panels.timeline ? 56 * u : 0
        timeline = Rect(x: m, y: height - m - timelineHeight, width: width - 2 * m, height: timelineHeight)
        let keyHeight = panels.key ? 86 * u : 0
        key = Rect(x: m, y: timeline.y - keyHeight - 6 * u, width: right - 2 * m, height: keyHeight)
        plot = Rect(x: m, y: captions.maxY + 8 * u, width: right - 2 * m, height: key.y - captions.maxY - 16 * u)
        let px = right, pw = width - right - m
        details = Rect(x: px, y: key.maxY - 24 * u, width: pw, height: panels.details ? 24 * u : 0)
        let curveHeight = panels.curve ? 190 * u : 0
        let galleryHeight = panels.gallery && hasImages ? 150 * u : 0
        let top = captions.maxY + 8 * u
        let bottom = details.y - 8 * u
        gallery = Rect(x: px, y: bottom - galleryHeight, width: pw, height: galleryHeight)
        curve = Rect(x: px, y: gallery.y - curveHeight - (galleryHeight > 0 ? 12 * u : 0), width: pw, height: curveHeight)
        classes = Rect(x: px, y: top, width: pw, height: curve.y - top - 12 * u)
    }
}
