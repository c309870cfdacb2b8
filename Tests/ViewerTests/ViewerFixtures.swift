import Artifacts
import Foundation
import SceneModel

/// Small deterministic inputs for the viewer's tests.
enum ViewerFixtures {
    static let classes = ["T-shirt", "Trouser", "</script><b>Bag"]

    /// 3 classes × `perClass` samples over `snapshots` snapshots: clusters that tighten, and
    /// sample i of class c guessed as c+1 at snapshot s while i % perClass < wrong − 2s.
    static func input(perClass: Int = 20, snapshots: Int = 4, wrong: Int = 12, imageSide: Int = 6) throws -> RenderInput {
        let c = classes.count
        var labels: [Int] = []
        for k in 0..<c { labels += [Int](repeating: k, count: perClass) }
        let centres: [(Float, Float)] = [(-5, 0), (5, 1), (0, 7)]
        var coordinates: [[Float]] = [], predictions: [[Int]] = []
        for s in 0..<snapshots {
            let spread = Float(4 - s)
            var xy: [Float] = [], p: [Int] = []
            for (i, l) in labels.enumerated() {
                let phase = Float(i * 37 % 101) / 101
                xy += [centres[l].0 + spread * (phase - 0.5), centres[l].1 + spread * (Float(i * 53 % 97) / 97 - 0.5)]
                p.append(i % perClass < wrong - 2 * s ? (l + 1) % c : l)
            }
            coordinates.append(xy); predictions.append(p)
        }
        var pixels: [UInt8] = []
        for i in labels.indices { for k in 0..<(imageSide * imageSide) { pixels.append(UInt8((i * 7 + k * 13) % 256)) } }
        // A quarter pass of 640 practice pictures between snapshots.
        let times: [Snapshot] = (0..<snapshots).map { (k: Int) -> Snapshot in
            let n = Int64(k)
            return Snapshot(step: n * 10, imagesSeen: n * 640, epoch: Double(k) / 4, epochEnd: k % 4 == 0)
        }
        return try RenderInput(classes: classes, labels: labels, snapshots: times, trainSize: 2560,
                               predictions: predictions, coordinates: coordinates, layer: "fc1",
                               images: SampleImages(height: imageSide, width: imageSide, channels: 1, pixels: pixels))
    }
}
