import Artifacts
import Foundation
import SceneModel
import Support

/// The offline interactive page: one self-contained HTML file (no network, no server) that shows
/// the same scene as the frames and lets the viewer scrub, point at pictures and filter classes.
/// The template (`Page/page.html`, with `page.css` and `page.js` inlined into it) names the
/// page's own words, filled in the style's language (`PageWords`); the data (`PageData`) is
/// embedded as JSON.
public enum InteractivePage {
    /// The page's HTML text for a scene.
    public static func html(scene: Scene) throws -> String {
        let data = PageData(scene: scene)
        let template = try resource("page.html")
        let parts = ["{{css}}": try resource("page.css"), "{{js}}": try resource("page.js"),
                     "{{data}}": data.scriptText].merging(PageWords(scene: scene).parts) { a, _ in a }
        var out = ""
        var rest = Substring(template)
        // One pass, so text inside the inserted parts is never taken for a placeholder.
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let key = String(rest[open.lowerBound..<close.upperBound])
            guard let value = parts[key] else {
                throw ToolError.failed("the page template has an unknown placeholder \(key)")
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    /// Writes the page to `path` through a partial file, renamed when complete.
    public static func write(scene: Scene, to path: String) throws {
        try AtomicOutput.write(Data(html(scene: scene).utf8), to: path)
    }

    private static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: "Page", withExtension: nil)?.appendingPathComponent(name),
              let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ToolError.failed("the page template \(name) is missing from viz-render's resources")
        }
        return text
    }
}
