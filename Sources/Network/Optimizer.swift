/// Updates parameters from their gradients, one step at a time. `begin` counts a step, computes
/// its scalars once and returns its per-element rule, which the caller then applies to every
/// element of every parameter, a range at a time, from as many threads as it likes
/// (`Replicas.step` does). The per-parameter state lives in `Parameter.state` so it can be
/// checkpointed; it is created, as zeros, by the first `begin` that needs it.
public protocol Optimizer: AnyObject {
    /// Steps begun so far (Adam's bias correction depends on it).
    var steps: Int { get set }
    /// Counts the next step, creates any missing state of `parameters`, and returns the step's
    /// update of `parameters` (their order gives `OptimizerStep.update`'s parameter index).
    func begin(_ parameters: [Parameter]) -> OptimizerStep
}

/// One optimizer step over a fixed list of parameters, its scalars computed and the addresses of
/// the parameters' state arrays taken (valid while those arrays are not reassigned; the step is
/// used at once and dropped). Each element is updated on its own, so disjoint ranges may be
/// updated concurrently, and any split into ranges gives the same bits.
public protocol OptimizerStep {
    /// Updates elements `range` of parameter `k` in place: `value` and `gradient` are the
    /// parameter's whole arrays (`Parameter.value.count` elements each, `gradient` the summed
    /// gradient ∇); only elements in `range` of them and of the state are read or written.
    func update(_ k: Int, _ range: Range<Int>, value: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>)
}
