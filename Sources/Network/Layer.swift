/// One stage of a sequential network: a forward/backward pair over `Tensor`s.
///
/// `forward` returns a tensor the layer owns (reused across batches) and keeps what its
/// backward needs; `backward` takes the gradient of the loss with respect to that output and
/// returns the gradient with respect to the input (also layer-owned), accumulating parameter
/// gradients into `parameters[i].grad`. A layer that is first in the network skips computing
/// the input gradient when `needsInputGradient` is false.
public protocol Layer: AnyObject {
    /// The name used to record activations and in messages ("conv1", "fc1", "relu3").
    var name: String { get }
    /// "conv2d", "dense", "relu", … (written as the `kind` attribute of recorded layers).
    var kind: String { get }
    /// The per-sample output shape (`[C, H, W]` for spatial, `[F]` for flat).
    var outputShape: [Int] { get }
    var parameters: [Parameter] { get }
    var needsInputGradient: Bool { get set }
    func forward(_ input: Tensor, training: Bool) -> Tensor
    func backward(_ outputGradient: Tensor) -> Tensor
}

extension Layer {
    public var parameters: [Parameter] { [] }
}
