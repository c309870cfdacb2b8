/// Sizes read from a file's header, multiplied without trapping and compared with what the
/// file can really hold before anything is allocated. A header may claim anything
/// (`0xFFFFFFFF³` pixels, `9.2e18` rows); these helpers turn such claims into nil or an error.
public enum CheckedSize {
    /// The most a data file may declare it holds: 1 GiB (1.3 million 28×28 images).
    /// Real inputs are far smaller (Fashion-MNIST's training images are 47 MB).
    public static let maxBytes = 1 << 30

    /// The product of `sizes`, or nil when one is negative or the product overflows `Int`.
    public static func product(_ sizes: [Int]) -> Int? {
        var total = 1
        for s in sizes {
            guard s >= 0 else { return nil }
            let (p, overflow) = total.multipliedReportingOverflow(by: s)
            if overflow { return nil }
            total = p
        }
        return total
    }

    /// `count × elementSize` bytes, or nil when it overflows or exceeds `limit`.
    public static func bytes(count: Int, elementSize: Int, limit: Int = maxBytes) -> Int? {
        guard let n = product([count, elementSize]), n <= limit else { return nil }
        return n
    }

    /// "1.5 GB", "47 MB", "812 bytes": a byte count for messages (powers of 1000).
    public static func describe(_ bytes: Int) -> String {
        let units = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB"), (1e3, "kB")]
        for (scale, unit) in units where Double(bytes) >= scale {
            let v = Double(bytes) / scale
            return (v >= 100 ? String(Int(v.rounded())) : String((v * 10).rounded() / 10)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
