/// A float or a vector of 8 floats, so one formula serves both the vector body of a loop over
/// contiguous arrays and its scalar tail. (The compiler does not vectorize such loops itself
/// when they read and write through several pointers that might alias.)
protocol FloatLanes {
    static func load(_ p: UnsafePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static prefix func - (a: Self) -> Self
}

extension Float: FloatLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> Float { p.pointee }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) { p.pointee = self }
}

extension SIMD8: FloatLanes where Scalar == Float {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }
    @inline(__always) func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: SIMD8<Float>.self)
    }
}

/// The body of a loop over element indices, written once for any lane width: `run(i, L.self)`
/// handles elements i ..< i + (L's width).
protocol LaneKernel {
    func run<L: FloatLanes>(_ i: Int, _ lanes: L.Type)
}

extension LaneKernel {
    /// Runs the kernel over elements 0 ..< count, 8 at a time, then one at a time.
    @inline(__always) func callAsFunction(count: Int) {
        var i = 0
        while i + 8 <= count {
            run(i, SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            run(i, Float.self)
            i += 1
        }
    }
}

/// Σ p[0 ..< count], summed in 8 lanes (lane k takes elements i ≡ k mod 8 in order), then the
/// lanes' total, then the tail: a fixed order, so the same bytes on every run, and several
/// times faster than one running sum (whose every add waits for the previous one).
func laneSum(_ p: UnsafePointer<Float>, count: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        lanes += SIMD8<Float>.load(p + i)
        i += 8
    }
    var sum = lanes.sum()
    while i < count {
        sum += p[i]
        i += 1
    }
    return sum
}
