import COpenBLAS
import Foundation
import Network
import Support

/// Training-step micro-benchmark for the reference CNN (conv 1→32, pool, conv 32→64, pool,
/// dense 3136→128, dense 128→10) on seeded random 28×28 images: forward, loss, backward and an
/// Adam step per batch, the batch split across replicas as cnn-train does. Prints images/s.
///   train-step [steps=200] [threads=2] [batch=64]
///   train-step gemm [steps] [threads] [batch]: the sgemm ceiling, images/s if a step were only
///     its GEMMs (each layer's forward, weight-gradient and input-gradient product at
///     im2col shapes over a thread's whole slice, OpenBLAS single-threaded on every thread).
///   train-step infer [images=5000] [threads=2] [chunk=200]: forward passes only, as a snapshot
///     records (evaluation mode, chunks dealt to the replicas), images/s over 5 passes.
///   train-step layers [steps=100] [threads=1] [batch=64]: where a training step's time goes,
///     seconds per layer forward and backward on the first replica (the others run alongside),
///     and of `Replicas.step` ("optimizer": gradient sum, Adam, weight copy, gradient zeroing).
/// Under callgrind use few steps and 1 thread: `valgrind --tool=callgrind train-step 20 1`.
let mode = CommandLine.arguments.dropFirst().first
let gemmOnly = mode == "gemm"
let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let steps = arguments.count > 0 ? arguments[0] : 200
let threads = arguments.count > 1 ? arguments[1] : 2
let batchSize = arguments.count > 2 ? arguments[2] : 64

let specs: [LayerSpec] = [
    .conv2d(name: "conv1", outChannels: 32, kernel: 3, stride: 1, padding: 1), .relu(name: "relu1"),
    .maxPool(name: "pool1", size: 2, stride: 2),
    .conv2d(name: "conv2", outChannels: 64, kernel: 3, stride: 1, padding: 1), .relu(name: "relu2"),
    .maxPool(name: "pool2", size: 2, stride: 2), .flatten(name: "flatten"),
    .dense(name: "fc1", units: 128), .relu(name: "relu3"), .dense(name: "fc2", units: 10),
]
let replicas = try Replicas(count: threads) { try Model(specs: specs, inputShape: [1, 28, 28], classCount: 10, seed: 0) }
let optimizer = Adam()
var random = SeededRandom(seed: 1)
let slices = (0..<threads).map { w in batchSize * (w + 1) / threads - batchSize * w / threads }
let inputs = slices.map { n in Tensor(shape: [1, n, 28, 28], values: (0..<n * 784).map { _ in Float(random.uniform(0, 1)) }) }
let labels = slices.map { n in (0..<n).map { _ in Int32(random.index(below: 10)) } }
let criteria = slices.map { _ in SoftmaxCrossEntropy() }

func step() {
    replicas.parallel { w in
        let model = replicas.models[w]
        criteria[w].forward(logits: model.forward(inputs[w], training: true), labels: labels[w])
        model.backward(criteria[w].backward(totalBatch: batchSize))
    }
    replicas.step(optimizer)
}

/// (transA, transB, m, n, k) of every GEMM in a step on `n` images.
func gemmShapes(_ n: Int) -> [(Bool, Bool, Int, Int, Int)] {
    [(false, false, 32, n * 784, 9), (false, true, 32, 9, n * 784),                             // conv1 (no dx)
     (false, false, 64, n * 196, 288), (false, true, 64, 288, n * 196), (true, false, 288, n * 196, 64), // conv2
     (false, true, n, 128, 3136), (true, false, 128, 3136, n), (false, false, n, 3136, 128),          // fc1
     (false, true, n, 10, 128), (true, false, 10, 128, n), (false, false, n, 128, 10)]                // fc2
}
/// A, B and C of every GEMM of every thread, allocated once.
func filled(_ count: Int) -> UnsafeMutablePointer<Float> {
    let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
    p.initialize(repeating: 0.01, count: count)
    return p
}
let gemmBuffers = slices.map { n in gemmShapes(n).map { (_, _, m, nn, k) in (filled(m * k), filled(k * nn), filled(m * nn)) } }
func gemmStep() {
    replicas.parallel { w in
        for (shape, buffers) in zip(gemmShapes(slices[w]), gemmBuffers[w]) {
            let (ta, tb, m, n, k) = shape
            cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k),
                        1, buffers.0, Int32(ta ? m : k), buffers.1, Int32(tb ? k : n), 0, buffers.2, Int32(n))
        }
    }
}
if mode == "infer" {
    let count = arguments.count > 0 ? arguments[0] : 5000, chunk = arguments.count > 2 ? arguments[2] : 200
    let images = Tensor(shape: [1, count, 28, 28], values: (0..<count * 784).map { _ in Float(random.uniform(0, 1)) })
    let fc1 = try replicas.primary.recordingIndex(of: "fc1")
    func pass() -> Inference {
        replicas.infer(count: count, captureAt: [fc1], chunk: chunk) { range, tensor in copySamples(range, of: images, into: tensor) }
    }
    _ = pass()
    let started = Date()
    for _ in 0..<5 { _ = pass() }
    let seconds = Date().timeIntervalSince(started)
    print(String(format: "train-step (forward only): %d images in chunks of %d on %d threads, %.0f images/s",
                 count, chunk, threads, Double(5 * count) / seconds))
    exit(0)
}
if mode == "layers" {
    let layers = replicas.primary.layers
    var forward = [Double](repeating: 0, count: layers.count), backward = forward
    var other = 0.0
    for k in 0...steps {
        if k == 1 { forward = forward.map { _ in 0 }; backward = forward; other = 0 }   // the first step warms up
        replicas.parallel { w in
            let model = replicas.models[w]
            guard w == 0 else {
                criteria[w].forward(logits: model.forward(inputs[w], training: true), labels: labels[w])
                model.backward(criteria[w].backward(totalBatch: batchSize))
                return
            }
            // Model.forward's stages (a ReLU before a max-pool is applied in the pool's pass).
            var x = inputs[0], i = 0
            while i < layers.count {
                let t = Date(), at = i
                (x, i) = model.forward(at: i, x, training: true)
                forward[at] += Date().timeIntervalSince(t)
            }
            criteria[0].forward(logits: x, labels: labels[0])
            var g = criteria[0].backward(totalBatch: batchSize)
            // Model.backward's stages (a ReLU before a max-pool goes back in the pool's pass).
            i = layers.count - 1
            while i >= 0 {
                let t = Date(), at = i
                (g, i) = replicas.primary.backward(at: i, g)
                backward[at] += Date().timeIntervalSince(t)
            }
        }
        let t = Date()
        replicas.step(optimizer)
        other += Date().timeIntervalSince(t)
    }
    let total = forward.reduce(0, +) + backward.reduce(0, +) + other
    print("layer        forward ms/step  backward ms/step  share")
    for (i, layer) in layers.enumerated() {
        print(String(format: "%-12@ %15.3f %17.3f %6.1f%%", layer.name, 1000 * forward[i] / Double(steps),
                     1000 * backward[i] / Double(steps), 100 * (forward[i] + backward[i]) / total))
    }
    print(String(format: "%-12@ %33.3f %6.1f%%", "optimizer", 1000 * other / Double(steps), 100 * other / total))
    exit(0)
}
let run = gemmOnly ? gemmStep : step
run()
let started = Date()
for _ in 0..<steps { run() }
let seconds = Date().timeIntervalSince(started)
print(String(format: "train-step%@: %d steps of batch %d on %d threads, %.0f images/s", gemmOnly ? " (GEMMs only)" : "",
             steps, batchSize, threads,
             Double(steps * batchSize) / seconds))
