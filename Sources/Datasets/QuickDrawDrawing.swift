import Support

/// One line of a Quick, Draw! simplified `.ndjson` file:
/// `{"word": "cat", "recognized": true, "drawing": [[[x0, x1, …], [y0, y1, …]], …], …}` with
/// coordinates in 0…255. Only `drawing` is read; other fields are ignored.
public enum QuickDrawDrawing {
    /// The largest coordinate accepted, so that a drawing's extent stays finite.
    static let maxCoordinate = 1e6

    /// The strokes of one line; errors name the file and line.
    public static func parse(_ line: String, source: String) throws -> Strokes {
        let value = try JSONParser.parse(line, source: source)
        guard case let .array(strokes)? = value["drawing"] else {
            throw ToolError.badInput("\(source): expected an object with a \"drawing\" array of strokes")
        }
        return try strokes.enumerated().map { k, stroke in
            guard case let .array(axes) = stroke, axes.count >= 2,
                  case let .array(xs) = axes[0], case let .array(ys) = axes[1], xs.count == ys.count else {
                throw ToolError.badInput("\(source): $.drawing[\(k)]: expected [[x…], [y…]] of equal lengths")
            }
            return try zip(xs, ys).map { x, y in
                guard case let .number(px) = x, case let .number(py) = y, abs(px) <= maxCoordinate, abs(py) <= maxCoordinate else {
                    throw ToolError.badInput("\(source): $.drawing[\(k)]: coordinates must be numbers from -1e6 to 1e6 (Quick, Draw! uses 0…255)")
                }
                return (x: px, y: py)
            }
        }
    }
}
