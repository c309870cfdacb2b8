import Support

/// One entry of a model's `"layers"` array in a train config, e.g.
/// `{"type": "conv2d", "name": "conv1", "out_channels": 32, "kernel": 3, "padding": 1}`.
/// Types: conv2d (out_channels, kernel, stride 1, padding 0), maxpool (size 2, stride = size),
/// relu, flatten, dense (units), dropout (p 0.5), batchnorm. `name` defaults to the type and
/// its 1-based count among layers of that type ("relu2"); dense layers default to "fc1", "fc2".
public enum LayerSpec: Equatable {
    case conv2d(name: String, outChannels: Int, kernel: Int, stride: Int, padding: Int)
    case maxPool(name: String, size: Int, stride: Int)
    case relu(name: String)
    case flatten(name: String)
    case dense(name: String, units: Int)
    case dropout(name: String, p: Double)
    case batchNorm(name: String)

    public static let types = ["conv2d", "maxpool", "relu", "flatten", "dense", "dropout", "batchnorm"]

    public var name: String {
        switch self {
        case let .conv2d(name, _, _, _, _), let .maxPool(name, _, _), let .relu(name), let .flatten(name),
             let .dense(name, _), let .dropout(name, _), let .batchNorm(name): return name
        }
    }

    /// Reads a `"layers"` array, naming each bad entry by its JSON path.
    public static func parse(_ items: [JSONValue], in parent: ConfigObject, key: String = "layers") throws -> [LayerSpec] {
        var counts: [String: Int] = [:]
        var specs: [LayerSpec] = []
        for (k, item) in items.enumerated() {
            let c = try ConfigObject(item, file: parent.file, path: "\(parent.path(key))[\(k)]")
            let type = try c.string("type", oneOf: types)
            counts[type, default: 0] += 1
            let fallback = (type == "dense" ? "fc" : type) + "\(counts[type]!)"
            let name = try c.string("name", default: fallback)
            if specs.contains(where: { $0.name == name }) {
                throw c.error("name", "duplicate layer name \"\(name)\"; every layer needs its own name")
            }
            switch type {
            case "conv2d":
                specs.append(.conv2d(name: name, outChannels: try c.int("out_channels", min: 1),
                                     kernel: try c.int("kernel", min: 1), stride: try c.int("stride", default: 1, min: 1),
                                     padding: try c.int("padding", default: 0, min: 0)))
            case "maxpool":
                let size = try c.int("size", default: 2, min: 1)
                specs.append(.maxPool(name: name, size: size, stride: try c.int("stride", default: size, min: 1)))
            case "relu": specs.append(.relu(name: name))
            case "flatten": specs.append(.flatten(name: name))
            case "dense": specs.append(.dense(name: name, units: try c.int("units", min: 1)))
            case "dropout": specs.append(.dropout(name: name, p: try c.double("p", default: 0.5, min: 0, max: 0.99)))
            default: specs.append(.batchNorm(name: name))
            }
            try c.finish()
        }
        return specs
    }

    /// The JSON form, with every default written out (for the resolved config).
    public var json: JSONValue {
        switch self {
        case let .conv2d(name, oc, k, s, p):
            return .object([("type", .string("conv2d")), ("name", .string(name)), ("out_channels", .number(Double(oc))),
                            ("kernel", .number(Double(k))), ("stride", .number(Double(s))), ("padding", .number(Double(p)))])
        case let .maxPool(name, size, stride):
            return .object([("type", .string("maxpool")), ("name", .string(name)), ("size", .number(Double(size))),
                            ("stride", .number(Double(stride)))])
        case let .relu(name): return .object([("type", .string("relu")), ("name", .string(name))])
        case let .flatten(name): return .object([("type", .string("flatten")), ("name", .string(name))])
        case let .dense(name, units):
            return .object([("type", .string("dense")), ("name", .string(name)), ("units", .number(Double(units)))])
        case let .dropout(name, p): return .object([("type", .string("dropout")), ("name", .string(name)), ("p", .number(p))])
        case let .batchNorm(name): return .object([("type", .string("batchnorm")), ("name", .string(name))])
        }
    }
}
