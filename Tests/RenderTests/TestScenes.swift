import Artifacts
import CCairo
import Foundation
@testable import Render
@testable import SceneModel

/// A fresh directory under the system's temporary folder, removed by `cleanup()`.
struct TemporaryDirectory {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "render-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> String { path + "/" + name }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

/// Small deterministic generator for test data (SplitMix64).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func uniform() -> Float { Float(next() >> 40) / Float(1 << 24) }
}

enum TestScenes {
    static let classes = ["T-shirt", "Trouser", "Shirt"]

    /// `count` snapshots at epoch ends, as a version 1 file reads (no steps, no images seen).
    static func epochs(_ count: Int) -> [Snapshot] {
        (0..<count).map { Snapshot(step: nil, imagesSeen: nil, epoch: Double($0), epochEnd: true) }
    }

    /// `count` snapshots of a version 2 file: step 0, then doubling steps of 64 pictures, the last
    /// closing the first pass over `trainSize` pictures.
    static func pictureSnapshots(_ count: Int, trainSize: Int64 = 60_000) -> [Snapshot] {
        (0..<count).map { k in
            let seen = k == 0 ? 0 : k == count - 1 ? trainSize : min(trainSize - 64, Int64(64) << (k - 1))
            return Snapshot(step: seen / 64, imagesSeen: seen, epoch: Double(seen) / Double(trainSize), epochEnd: k == 0 || k == count - 1)
        }
    }

    /// 3 classes × `perClass` samples in three clusters that tighten over 3 epochs; sample i of
    /// class c is wrong (predicted c+1) at epoch position e when i < wrong[e][c].
    static func clusters(perClass: Int = 20, wrong: [[Int]] = [[15, 15, 15], [5, 10, 8], [1, 2, 6]],
                         images: Bool = true) throws -> RenderInput {
        let c = classes.count
        var labels: [Int] = []
        for k in 0..<c { labels += [Int](repeating: k, count: perClass) }
        let centres: [(Float, Float)] = [(-5, 0), (5, 0), (0, 6)]
        var rng = TestRandom(state: 7)
        var coordinates: [[Float]] = [], predictions: [[Int]] = []
        for e in 0..<wrong.count {
            let spread: Float = 3 - Float(e)
            var xy: [Float] = [], p: [Int] = []
            for (i, l) in labels.enumerated() {
                xy += [centres[l].0 + (rng.uniform() - 0.5) * spread, centres[l].1 + (rng.uniform() - 0.5) * spread]
                p.append(i % perClass < wrong[e][l] ? (l + 1) % c : l)
            }
            coordinates.append(xy); predictions.append(p)
        }
        var pixels: [UInt8] = []
        for l in labels { for y in 0..<8 { for x in 0..<8 { pixels.append(UInt8((x * 30 + y * 10 + l * 60) % 256)) } } }
        let e = wrong.count
        return try RenderInput(classes: classes, labels: labels, snapshots: epochs(e),
                               predictions: predictions, coordinates: coordinates,
                               metrics: [.testLoss: (0..<e).map { 2.0 / Float($0 + 1) }], layer: "fc1",
                               images: images ? SampleImages(height: 8, width: 8, channels: 1, pixels: pixels) : nil)
    }

    /// `count` classes with long names, 6 samples each on a circle, half of them wrong at the end.
    static func manyClasses(_ count: Int, names given: [String]? = nil) throws -> RenderInput {
        let names = given ?? (0..<count).map { "Class number \($0) with a rather long name" }
        var labels: [Int] = [], xy: [Float] = []
        for c in 0..<count { for k in 0..<6 {
            labels.append(c)
            let angle = Float(c) / Float(count) * 2 * .pi
            xy += [cos(angle) * 10 + Float(k) * 0.1, sin(angle) * 10]
        } }
        let right = labels
        let last = labels.enumerated().map { i, l in i % 2 == 0 ? (l + 1) % count : l }
        let pixels = [UInt8](repeating: 128, count: labels.count * 4 * 4 * 3)
        return try RenderInput(classes: names, labels: labels, snapshots: epochs(3), predictions: [last, right, last],
                               coordinates: [xy, xy, xy], metrics: [:], layer: "conv2",
                               images: SampleImages(height: 4, width: 4, channels: 3, pixels: pixels))
    }

    /// Every text drawn in the scene's key frames and closing card, in drawing order.
    static func keyFrameTexts(_ scene: Scene) throws -> [TextBox] {
        let r = try FrameRenderer(scene: scene)
        return (scene.pacing.keyFrames + [scene.pacing.cardFrame]).flatMap { frame -> [TextBox] in
            r.draw(scene.pacing.frames[frame])
            return r.texts
        }
    }

    /// A style for fast tests: small frames, short motion.
    static func smallStyle(width: Int = 480, height: Int = 270) -> Style {
        var s = Style()
        s.width = width; s.height = height
        s.fps = 10; s.inbetween = 2; s.holdStart = 0.2; s.holdSnapshot = 0.1; s.holdEnd = 0.3
        return s
    }

    /// Writes an activations file with `n` samples, 3 epochs, layer "fc1" (width 4).
    /// Probabilities are normalised rows; `nanAt` (snapshot, sample) plants a NaN.
    static func writeActivations(_ path: String, n: Int = 30, seed: UInt64 = 1, nanAt: (Int, Int)? = nil) throws {
        var rng = TestRandom(state: seed)
        let labels = (0..<n).map { Int32($0 % classes.count) }
        let layout = ActivationsLayout(classes: classes, labels: labels, sourceIndex: (0..<n).map { Int64($0) },
                                       images: (0..<(n * 16)).map { UInt8($0 % 256) }, imageShape: [4, 4],
                                       layers: [.init(name: "fc1", kind: "dense", shape: [4])],
                                       producer: "render-tests", config: "{}", seed: 1, defaultLayer: "fc1", trainSize: 300)
        let w = try ActivationsWriter(path: path, layout: layout)
        for e in 0..<3 {
            var probs: [Float] = [], acts: [Float] = []
            for i in 0..<n {
                let l = Int(labels[i])
                var row = (0..<classes.count).map { k in k == l ? 0.2 + 0.3 * Float(e) : 0.4 - 0.1 * Float(e) + rng.uniform() * 0.05 }
                let sum = row.reduce(0, +)
                row = row.map { $0 / sum }
                if let (se, si) = nanAt, se == e, si == i { row[0] = .nan }
                probs += row
                for d in 0..<4 { acts.append(Float(d == l ? 1 + e : 0) + rng.uniform()) }
            }
            try w.append(SnapshotRecord(step: Int64(e) * 10, imagesSeen: Int64(e) * 300, epoch: Double(e), epochEnd: true,
                                        metrics: [.testAccuracy: 0.3 * Float(e), .testLoss: 2 - Float(e) * 0.5],
                                        probabilities: probs, activations: ["fc1": acts]))
        }
        try w.commit()
    }

    /// A stand-in embedding (what umap-embed would write): per epoch, the activations projected
    /// on their first two principal directions (power iteration, signs kept consistent across
    /// epochs), with `source_digest` from the activations so it belongs to them.
    static func writeStandInEmbedding(activations: ActivationsFile, layer: String, to path: String) throws {
        let n = activations.sampleCount, d = try activations.layerWidth(layer)
        let w = try EmbeddingWriter(path: path, steps: activations.steps, sampleCount: n, producer: "render-tests stand-in",
                                    config: "{}", layer: layer, source: activations.path)
        var previous: [[Double]] = []
        for e in 0..<activations.snapshotCount {
            let x = try activations.activations(layer: layer, snapshot: e)
            var mean = [Double](repeating: 0, count: d)
            for i in 0..<n { for j in 0..<d { mean[j] += Double(x[i * d + j]) / Double(n) } }
            var cov = [Double](repeating: 0, count: d * d)
            for i in 0..<n { for a in 0..<d {
                let va = Double(x[i * d + a]) - mean[a]
                if va == 0 { continue }
                for b in 0..<d { cov[a * d + b] += va * (Double(x[i * d + b]) - mean[b]) }
            } }
            var axes: [[Double]] = []
            for k in 0..<2 {
                var v = (0..<d).map { j in Double((j * 7 + k * 3) % 5) + 1 }
                for _ in 0..<100 {
                    var nv = [Double](repeating: 0, count: d)
                    for a in 0..<d { for b in 0..<d { nv[a] += cov[a * d + b] * v[b] } }
                    for ax in axes { let dot = zip(nv, ax).map(*).reduce(0, +); for j in 0..<d { nv[j] -= dot * ax[j] } }
                    let norm = max(1e-12, nv.map { $0 * $0 }.reduce(0, +).squareRoot())
                    v = nv.map { $0 / norm }
                }
                if k < previous.count, zip(v, previous[k]).map(*).reduce(0, +) < 0 { v = v.map { -$0 } }
                axes.append(v)
            }
            previous = axes
            var coords = [Float](repeating: 0, count: 2 * n)
            for i in 0..<n { for k in 0..<2 {
                var s = 0.0
                for j in 0..<d { s += (Double(x[i * d + j]) - mean[j]) * axes[k][j] }
                coords[2 * i + k] = Float(s)
            } }
            try w.append(coordinates: coords, quality: [:])
        }
        try w.commit(sourceDigest: try activations.layerDigest(layer))
    }

    /// Reads a PNG with Cairo into (width, height, BGRA bytes packed).
    static func readPNG(_ path: String) -> (Int, Int, [UInt8])? {
        guard let s = cairo_image_surface_create_from_png(path), cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else { return nil }
        defer { cairo_surface_destroy(s) }
        cairo_surface_flush(s)
        let w = Int(cairo_image_surface_get_width(s)), h = Int(cairo_image_surface_get_height(s))
        let stride = Int(cairo_image_surface_get_stride(s))
        guard let data = cairo_image_surface_get_data(s) else { return nil }
        var out: [UInt8] = []
        for y in 0..<h { out += UnsafeBufferPointer(start: data + y * stride, count: w * 4) }
        return (w, h, out)
    }
}

extension TestScenes {
    static let storyClasses = ["Trouser", "Shirt", "Bag", "Sneaker"]

    /// A synthetic history of 23 snapshots over one pass of 60,000 pictures, 4 classes ×
    /// `perClass`: before training every picture is called a Sneaker; learning is front-loaded
    /// (share right of class c = target_c × (1 − 0.5^k) at snapshot k); Bag loses 6 of its 20
    /// at snapshots 10–13 and recovers at 14; on the map all start in one blob, Trouser jumps
    /// far away at snapshot 3 while the others drift apart slowly.
    static func story(perClass: Int = 20) throws -> RenderInput {
        let c = storyClasses.count, count = 23
        let targets = [0.95, 0.6, 0.9, 0.9]
        var labels: [Int] = []
        for k in 0..<c { labels += [Int](repeating: k, count: perClass) }
        var rng = TestRandom(state: 11)
        var predictions: [[Int]] = [], coordinates: [[Float]] = []
        let centres: [(Float, Float)] = [(-10, 0), (10, 0), (0, 10), (0, -10)]
        for k in 0..<count {
            var right = (0..<c).map { Int((Double(perClass) * targets[$0] * (1 - pow(0.5, Double(k)))).rounded()) }
            if (10...13).contains(k) { right[2] -= 6 }
            var p: [Int] = [], xy: [Float] = []
            for (i, l) in labels.enumerated() {
                let j = i % perClass
                p.append(k == 0 ? 3 : j < right[l] ? l : (l + 1) % c)
                let spread: Float = l == 0 ? (k >= 3 ? 1 : 0) : min(1, Float(k * k) / 400)
                xy += [centres[l].0 * spread + rng.uniform() * 2 - 1, centres[l].1 * spread + rng.uniform() * 2 - 1]
            }
            predictions.append(p); coordinates.append(xy)
        }
        var pixels: [UInt8] = []
        for (i, l) in labels.enumerated() { for y in 0..<8 { for x in 0..<8 {
            let bright: Bool
            switch l {
            case 0: bright = x == 2 || x == 5
            case 1: bright = y < 6
            case 2: bright = y > 2
            default: bright = y > 4
            }
            pixels.append((bright ? 220 : 25) ^ UInt8(i % 7))
        } } }
        let loss = (0..<count).map { k in k == 0 || k == count - 1 ? Float(2.3 * pow(0.6, Double(k) / 3) + 0.3) : .nan }
        return try RenderInput(classes: storyClasses, labels: labels, snapshots: pictureSnapshots(count), trainSize: 60_000,
                               predictions: predictions, coordinates: coordinates, metrics: [.testLoss: loss], layer: "fc1",
                               images: SampleImages(height: 8, width: 8, channels: 1, pixels: pixels))
    }
}
