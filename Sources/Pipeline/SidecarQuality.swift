import Support

/// Quality figures from JSON sidecars: for each output `X`, a file `X.quality.json` holding
/// `{"name": number, …}` (e.g. `embedding.h5.quality.json` with trustworthiness) if the stage
/// wrote one. Absent or unreadable sidecars give no figures.
public enum SidecarQuality {
    public static func read(_ stage: Stage) -> [String: Double] {
        var figures = [String: Double]()
        for out in stage.outputs {
            guard case .object(let pairs)? = try? ConfigObject.loadJSON(out + ".quality.json") else { continue }
            for (k, v) in pairs { if case .number(let n) = v { figures[k] = n } }
        }
        return figures
    }
}
