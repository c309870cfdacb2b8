import Network
import Support

/// The `"optimizer"` object of a train config:
/// `{"kind": "adam", "learning_rate": 0.001, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0}`
/// or `{"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9, "weight_decay": 0.0005}`.
public struct OptimizerConfig: Equatable {
    public enum Kind: String { case sgd, adam }
    public var kind: Kind = .adam
    public var learningRate: Double = 1e-3
    public var momentum: Double = 0
    public var betas: (Double, Double) = (0.9, 0.999)
    public var epsilon: Double = 1e-8
    public var weightDecay: Double = 0

    public init() {}

    public static func == (l: Self, r: Self) -> Bool { l.json == r.json }

    init(_ c: ConfigObject?) throws {
        guard let c else { return }
        kind = Kind(rawValue: try c.string("kind", default: "adam", oneOf: ["sgd", "adam"]))!
        learningRate = try c.double("learning_rate", default: kind == .adam ? 1e-3 : 1e-2, min: 0, exclusiveMin: true)
        weightDecay = try c.double("weight_decay", default: 0, min: 0)
        if kind == .sgd {
            momentum = try c.double("momentum", default: 0, min: 0, max: 1)
        } else {
            epsilon = try c.double("eps", default: 1e-8, min: 0, exclusiveMin: true)
            if let b = try c.array("betas") {
                guard b.count == 2, case let .number(b1) = b[0], case let .number(b2) = b[1],
                      (0..<1).contains(b1), (0..<1).contains(b2) else {
                    throw c.error("betas", "expected two numbers in [0, 1), like [0.9, 0.999]")
                }
                betas = (b1, b2)
            }
        }
        try c.finish()
    }

    /// A fresh optimizer of this configuration.
    public func make() -> Optimizer {
        switch kind {
        case .sgd: return SGD(learningRate: Float(learningRate), momentum: Float(momentum), weightDecay: Float(weightDecay))
        case .adam: return Adam(learningRate: Float(learningRate), beta1: Float(betas.0), beta2: Float(betas.1),
                                epsilon: Float(epsilon), weightDecay: Float(weightDecay))
        }
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("kind", .string(kind.rawValue)), ("learning_rate", .number(learningRate))]
        if kind == .sgd { pairs.append(("momentum", .number(momentum))) } else {
            pairs += [("betas", .array([.number(betas.0), .number(betas.1)])), ("eps", .number(epsilon))]
        }
        pairs.append(("weight_decay", .number(weightDecay)))
        return .object(pairs)
    }
}
