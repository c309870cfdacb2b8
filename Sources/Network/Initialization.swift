import Support

/// PyTorch's default initialization for `nn.Conv2d` and `nn.Linear`: weights from
/// `kaiming_uniform_(a: √5)`, which is U(−1/√fan_in, 1/√fan_in), and biases from the same
/// interval. `fan_in` = in_channels · kernel² for a convolution, in_features for a dense layer.
func pytorchDefaultUniform(count: Int, fanIn: Int, random: inout SeededRandom) -> [Float] {
    let bound = 1 / Double(fanIn).squareRoot()
    return (0..<count).map { _ in Float(random.uniform(-bound, bound)) }
}
