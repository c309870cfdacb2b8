/// A few screens before training starts that teach how to read the map, one message each, each
/// on screen for its reading time: one test picture lights up with its picture, then the
/// pictures the program finds alike around it, then where the network learns, then what colour
/// means. Every word is a template (`guide_*`); the page shows the same screens.
public struct Guide: Sendable, Equatable {
    /// One screen: its words, the samples lit on the map (all others faded), the sample shown
    /// large as its picture, and whether dots take their usual colours (`DotColours`).
    public struct Screen: Sendable, Equatable {
        public let text: String
        public let lit: [Int]
        public let picture: Int?
        public let coloured: Bool
    }

    public let title: String
    public let screens: [Screen]

    /// Samples lit around the focus on the "alike" screen.
    public static let neighbours = 12

    /// The guide for a scene's input at snapshot 0; no screens when the style turns it off or
    /// there are no finite points. `colourKind` is what a dot's colour stands for in the colour
    /// screen: the kind, or the group when classes are grouped.
    public static func make(_ input: RenderInput, words w: Templates, kind: String, colourKind: String, islands: [Island?], enabled: Bool) -> Guide {
        let xy = input.coordinates[0]
        guard enabled, let focus = focusSample(input, islands: islands) else { return Guide(title: w.guideTitle, screens: []) }
        let fx = xy[2 * focus], fy = xy[2 * focus + 1]
        let near = input.labels.indices.filter { $0 != focus && xy[2 * $0].isFinite && xy[2 * $0 + 1].isFinite }
            .sorted { a, b in
                let da = (xy[2 * a] - fx) * (xy[2 * a] - fx) + (xy[2 * a + 1] - fy) * (xy[2 * a + 1] - fy)
                let db = (xy[2 * b] - fx) * (xy[2 * b] - fx) + (xy[2 * b + 1] - fy) * (xy[2 * b + 1] - fy)
                return da != db ? da < db : a < b
            }.prefix(neighbours)
        let fill = { (t: String) in Templates.fill(t, ["kind": kind]) }
        return Guide(title: w.guideTitle, screens: [
            Screen(text: fill(w.guideDot), lit: [focus], picture: focus, coloured: false),
            Screen(text: fill(w.guideAlike), lit: [focus] + near, picture: focus, coloured: false),
            Screen(text: fill(w.guidePractice), lit: [], picture: nil, coloured: false),
            Screen(text: Templates.fill(w.guideColour, ["kind": colourKind]), lit: [], picture: nil, coloured: true),
        ].filter { !$0.text.isEmpty })
    }

    /// The sample nearest the centre of the largest class's island at snapshot 0 (ties: lower
    /// class, then lower sample index).
    static func focusSample(_ input: RenderInput, islands: [Island?]) -> Int? {
        var sizes = [Int](repeating: 0, count: input.classCount)
        for l in input.labels { sizes[l] += 1 }
        guard let c = sizes.indices.filter({ islands[$0] != nil }).max(by: { sizes[$0] < sizes[$1] || (sizes[$0] == sizes[$1] && $0 > $1) }),
              let island = islands[c] else { return nil }
        let xy = input.coordinates[0]
        return input.labels.indices.filter { input.labels[$0] == c && xy[2 * $0].isFinite && xy[2 * $0 + 1].isFinite }.min { a, b in
            let da = (Double(xy[2 * a]) - island.x) * (Double(xy[2 * a]) - island.x) + (Double(xy[2 * a + 1]) - island.y) * (Double(xy[2 * a + 1]) - island.y)
            let db = (Double(xy[2 * b]) - island.x) * (Double(xy[2 * b]) - island.x) + (Double(xy[2 * b + 1]) - island.y) * (Double(xy[2 * b + 1]) - island.y)
            return da != db ? da < db : a < b
        }
    }
}
