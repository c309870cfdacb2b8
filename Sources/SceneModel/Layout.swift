import Foundation
import Support

/// Where each part of a frame goes, in pixels, for a given frame size. Sizes are designed at
/// 1920×1080 and scaled by `unit` = min(width/1920, height/1080).
public struct Layout: Sendable {
    public let width: Double, height: Double, unit: Double
    public let title: Rect, captions: Rect, plot: Rect, key: Rect, classes: Rect, curve: Rect,
                gallery: Rect, timeline: Rect, details: Rect
    /// The closing summary card, over the right-hand panels (table and curve), leaving the map
    /// and the gallery of the hardest kind's wrong pictures in view.
    public let card: Rect

    public init(width: Double, height: Double, classCount: Int, panels: Panels, hasImages: Bool) {
        self.width = width; self.height = height
        let u = min(width / 1920, height / 1080)
        unit = u
        let m = 28 * u
        let right = width * 0.63
        title = Rect(x: m, y: m, width: width - 2 * m, height: 50 * u)
        captions = Rect(x: m, y: title.maxY + 4 * u, width: width - 2 * m, height: panels[.captions] ? 72 * u : 0)
        let timelineHeight = panels[.timeline] ? 64 * u : 0
        timeline = Rect(x: m, y: height - m - timelineHeight, width: width - 2 * m, height: timelineHeight)
        let keyHeight = panels[.key] ? 108 * u : 0
        key = Rect(x: m, y: timeline.y - keyHeight - 6 * u, width: right - 2 * m, height: keyHeight)
        plot = Rect(x: m, y: captions.maxY + 8 * u, width: right - 2 * m, height: key.y - captions.maxY - 16 * u)
        let px = right, pw = width - right - m
        details = Rect(x: px, y: key.maxY - 24 * u, width: pw, height: panels[.details] ? 24 * u : 0)
        let curveHeight = panels[.curve] ? 190 * u : 0
        let galleryHeight = panels[.gallery] && hasImages ? 150 * u : 0
        let top = captions.maxY + 8 * u
        let bottom = details.y - 8 * u
        gallery = Rect(x: px, y: bottom - galleryHeight, width: pw, height: galleryHeight)
        curve = Rect(x: px, y: gallery.y - curveHeight - (galleryHeight > 0 ? 12 * u : 0), width: pw, height: curveHeight)
        classes = Rect(x: px, y: top, width: pw, height: curve.y - top - 12 * u)
        let cardBottom = galleryHeight > 0 ? gallery.y - 8 * u : details.y - 8 * u
        card = Rect(x: px - 8 * u, y: top, width: pw + 16 * u, height: max(120 * u, cardBottom - top))
    }

    /// Where `panel` goes; zero height when it is off or has nothing to show (the gallery
    /// without pictures). The map's own parts (its mark and labels) share the map's rectangle.
    public func rect(_ panel: Panel) -> Rect {
        switch panel {
        case .map, .mark, .labels: return plot
        case .title: return title
        case .captions: return captions
        case .key: return key
        case .table: return classes
        case .curve: return curve
        case .gallery: return gallery
        case .timeline: return timeline
        case .details: return details
        case .card: return card
        }
    }

    /// The smallest height of a table row, in pixels at 1080 rows: beyond the rows that fit at
    /// this height the table sums up the rest in one row (`TableRows`).
    public static let minimumRowHeight = 20.0

    /// Rows of the class table that fit, its last row included.
    public func tableRoom(panels: Panels) -> Int {
        let space = classes.height - 30 * unit - (panels.classProgress ? 44 * unit : 0)
        return max(2, Int((space / max(9, Layout.minimumRowHeight * unit)).rounded(.down)))
    }

    /// Throws unless the panels fit: the map at least 160×100 pixels, text at least 6 pixels
    /// (unit ≥ 1/6, i.e. 320×180). Any class count fits: the table sums up what has no room.
    public func checkFits(classCount: Int, panels: Panels) throws {
        var problems: [String] = []
        if unit < 1.0 / 6 { problems.append("text would be smaller than 6 pixels") }
        if plot.width < 160 || plot.height < 100 { problems.append("the map would be \(Int(plot.width))x\(Int(plot.height)) pixels, under 160x100") }
        guard problems.isEmpty else {
            throw ToolError.badInput("style: width x height \(Int(width))x\(Int(height)) is too small for the panels: \(problems.joined(separator: "; ")); make the frame larger or turn panels off")
        }
    }
}
