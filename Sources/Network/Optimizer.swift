/// Updates parameters from their gradients. `step` applies one update to every parameter and
/// counts it; the per-parameter state lives in `Parameter.state` so it can be checkpointed.
public protocol Optimizer: AnyObject {
    /// Updates applied so far (Adam's bias correction depends on it).
    var steps: Int { get set }
    func step(_ parameters: [Parameter])
}
