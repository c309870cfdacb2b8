import Support

/// Seeded Gaussian blobs: `clusters` centres drawn in [−spread, spread]^d, `perCluster` points
/// each with unit noise. Returns the data `[n, d]` and labels `[n]`.
func blobs(clusters: Int, perCluster: Int, d: Int, spread: Double = 10, seed: UInt64 = 1) -> ([Float], [Int32]) {
    var r = SeededRandom(seed: seed)
    func normal() -> Double {
        let u = max(r.unit(), 1e-12), v = r.unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    let centres = (0..<clusters * d).map { _ in r.uniform(-spread, spread) }
    var data: [Float] = [], labels: [Int32] = []
    for c in 0..<clusters {
        for _ in 0..<perCluster {
            for j in 0..<d { data.append(Float(centres[c * d + j] + normal())) }
            labels.append(Int32(c))
        }
    }
    return (data, labels)
}

#if canImport(Glibc)
import Glibc
#endif
