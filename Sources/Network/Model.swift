import Support

/// A sequential network built from `LayerSpec`s, with shapes inferred from the input shape
/// `[C, H, W]` and checked layer by layer. Forward takes a batch `[C, B, H, W]` and gives
/// logits `[B, classes]`; backward takes the loss gradient for the logits.
public final class Model {
    public let layers: [Layer]
    public let inputShape: [Int]
    public let classCount: Int

    /// Builds the layers, initializing weights from `seed` as PyTorch's defaults. Throws a
    /// message naming the layer when a shape does not fit.
    public init(specs: [LayerSpec], inputShape: [Int], classCount: Int, seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        var shape = inputShape
        var built: [Layer] = []
        var previous = "the input"
        for (k, spec) in specs.enumerated() {
            let layer: Layer
            func needSpatial(_ what: String) throws {
                guard shape.count == 3 else {
                    throw ToolError.badInput("layer '\(spec.name)' (\(what)) needs a [C, H, W] input but gets \(shape) from \(previous); put it before the flatten")
                }
            }
            switch spec {
            case let .conv2d(name, oc, kernel, stride, padding):
                try needSpatial("conv2d")
                guard shape[1] + 2 * padding >= kernel, shape[2] + 2 * padding >= kernel else {
                    throw ToolError.badInput("layer '\(name)' (conv2d): kernel \(kernel) does not fit its \(shape[1])×\(shape[2]) input with padding \(padding)")
                }
                layer = Conv2D(name: name, inputShape: shape, outChannels: oc, kernel: kernel, stride: stride,
                               padding: padding, random: &random)
            case let .maxPool(name, size, stride):
                try needSpatial("maxpool")
                guard shape[1] >= size, shape[2] >= size else {
                    throw ToolError.badInput("layer '\(name)' (maxpool): window \(size) does not fit its \(shape[1])×\(shape[2]) input")
                }
                layer = MaxPool2D(name: name, inputShape: shape, size: size, stride: stride)
            case let .relu(name): layer = ReLU(name: name, inputShape: shape)
            case let .flatten(name): layer = Flatten(name: name, inputShape: shape)
            case let .dense(name, units):
                guard shape.count == 1 else {
                    throw ToolError.badInput("layer '\(name)' (dense) needs a flat input but gets \(shape) from \(previous); add {\"type\": \"flatten\"} before it")
                }
                layer = Dense(name: name, inputs: shape[0], units: units, random: &random)
            case let .dropout(name, p):
                layer = Dropout(name: name, inputShape: shape, p: Float(p), seed: seed &+ UInt64(k + 1) &* 0x9E37_79B9)
            case let .batchNorm(name): layer = BatchNorm(name: name, inputShape: shape)
            }
            shape = layer.outputShape
            previous = "'\(spec.name)'"
            built.append(layer)
        }
        guard shape == [classCount] else {
            throw ToolError.badInput("the model's last layer outputs \(shape) but the data set has \(classCount) classes; end the layers with {\"type\": \"dense\", \"units\": \(classCount)}")
        }
        built.first?.needsInputGradient = false
        layers = built
        self.inputShape = inputShape
        self.classCount = classCount
    }

    /// Trainable parameters, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Non-trained state (batch-norm running statistics), in layer order.
    public var buffers: [Parameter] { layers.compactMap { $0 as? BatchNorm }.flatMap(\.buffers) }

    /// Each layer's output from the latest forward pass, in layer order (layer-owned tensors,
    /// valid until the next forward). A ReLU directly followed by a max-pool and not kept (see
    /// `forward`) was applied after the pool: its slot holds its input.
    public private(set) var outputs: [Tensor] = []

    /// Runs the batch `[C, B, H, W]` through every layer; returns the logits `[B, classes]`.
    ///
    /// A ReLU directly followed by a max-pool is applied to the pooled values instead
    /// (`MaxPool2D.forward(_:training:afterReLU:)`), unless its index is in `kept` (a recorded
    /// layer, whose own output is read): the same outputs and winners, without the ReLU's pass
    /// over the 4× larger array. `backward` takes the pair in one pass too.
    public func forward(_ input: Tensor, training: Bool, keeping kept: Set<Int> = []) -> Tensor {
        var x = input
        outputs.removeAll(keepingCapacity: true)
        var i = 0
        while i < layers.count {
            let (y, next) = forward(at: i, x, training: training, keeping: kept)
            if next == i + 2 { outputs.append(x) }
            outputs.append(y)
            (x, i) = (y, next)
        }
        return x
    }

    /// One stage of `forward`: runs `input` through layer `i` (and the max-pool after it when
    /// layer `i` is a ReLU followed by one and not in `kept`); returns the stage's output and the
    /// index of the next layer.
    public func forward(at i: Int, _ input: Tensor, training: Bool, keeping kept: Set<Int> = []) -> (output: Tensor, next: Int) {
        if !kept.contains(i), let pool = pool(afterReLU: i) {
            return (pool.forward(input, training: training, afterReLU: true), i + 2)
        }
        return (layers[i].forward(input, training: training), i + 1)
    }

    /// The max-pool at `i + 1` when layer `i` is a ReLU directly followed by one.
    private func pool(afterReLU i: Int) -> MaxPool2D? {
        guard layers[i] is ReLU, i + 1 < layers.count else { return nil }
        return layers[i + 1] as? MaxPool2D
    }

    /// Back-propagates the logits' gradient, accumulating every parameter's gradient.
    ///
    /// A ReLU directly followed by a max-pool is back-propagated in one pass of the pool: the
    /// pool routes each window's gradient to its winner only, and the ReLU would then zero it
    /// where the winner's output is 0, which is where the pooled output is 0 (the window's
    /// maximum of non-negative values). Same values as the two passes, without the ReLU's pass
    /// over the 4× larger input.
    public func backward(_ logitGradient: Tensor) {
        var g = logitGradient
        var i = layers.count - 1
        while i >= 0 { (g, i) = backward(at: i, g) }
    }

    /// One stage of `backward`: back-propagates `outputGradient` through layer `i` (and the
    /// ReLU before it when layer `i` is a max-pool, in the pool's pass); returns the gradient
    /// for the stage's input and the index of the next layer down (−1 after the first).
    public func backward(at i: Int, _ outputGradient: Tensor) -> (gradient: Tensor, next: Int) {
        if i > 0, let pool = pool(afterReLU: i - 1) {
            return (pool.backward(outputGradient, throughReLU: true), i - 2)
        }
        return (layers[i].backward(outputGradient), i - 1)
    }

    public func zeroGradients() { parameters.forEach { $0.zeroGrad() } }

    /// Where a recorded layer's activations are read: the named layer's output, taken after the
    /// ReLU (and dropout) layers that directly follow it — "fc1" means fc1's activations after
    /// its non-linearity, as the paper and the PyTorch peer record them.
    public func recordingIndex(of name: String) throws -> Int {
        guard var i = layers.firstIndex(where: { $0.name == name }) else {
            let names = layers.map(\.name)
            throw ToolError.badInput("unknown layer '\(name)'\(didYouMean(name, names)); the model's layers are \(names.joined(separator: ", "))")
        }
        while i + 1 < layers.count, layers[i + 1] is ReLU || layers[i + 1] is Dropout { i += 1 }
        return i
    }

    /// The default recorded layer: the dense layer before the output layer (else the last layer).
    public var defaultRecordedLayer: String {
        let dense = layers.filter { $0 is Dense }
        return dense.count >= 2 ? dense[dense.count - 2].name : layers.last?.name ?? ""
    }
}
