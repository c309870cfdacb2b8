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
