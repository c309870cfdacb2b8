import Datasets
import Network

/// Fills `tensor` with images `indices` of `images` as a network input `[1, B, H, W]`
/// (grayscale, one channel, so CNHW and NCHW coincide), scaled from 0…255 to 0…1 like
/// PyTorch's `ToTensor`; and returns their labels.
func fillBatch(_ tensor: Tensor, from images: LabeledImages, indices: ArraySlice<Int>) -> [Int32] {
    let size = images.imageSize
    tensor.resize([1, indices.count, images.height, images.width])
    let out = tensor.data.baseAddress!
    var labels = [Int32]()
    labels.reserveCapacity(indices.count)
    images.pixels.withUnsafeBufferPointer { pixels in
        for (row, i) in indices.enumerated() {
            let src = pixels.baseAddress! + i * size, dst = out + row * size
            for k in 0..<size { dst[k] = Float(src[k]) * (1 / 255) }
            labels.append(images.labels[i])
        }
    }
    return labels
}

/// Copies sample `row` of a layer output into `destination` as `[D]` in PyTorch's flatten order:
/// flat outputs are `[B, D]`; spatial ones `[C, B, H, W]` are gathered channel by channel.
func copySample(_ row: Int, of output: Tensor, into destination: UnsafeMutablePointer<Float>) {
    let shape = output.shape
    let base = output.data.baseAddress!
    if shape.count == 2 {
        destination.update(from: base + row * shape[1], count: shape[1])
    } else {
        let channels = shape[0], batch = shape[1], plane = shape[2] * shape[3]
        for c in 0..<channels {
            (destination + c * plane).update(from: base + (c * batch + row) * plane, count: plane)
        }
    }
}
