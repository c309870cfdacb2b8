import CZlib
import SceneModel

/// A minimal, fast zlib stream writer (RFC 1950 around RFC 1951) for PNG frames after the Sub
/// filter, where flat background becomes long runs of one byte value. One fixed-Huffman block
/// (RFC 1951 §3.2.6): a byte repeating ≥ 4 times is sent as the byte then back-references at
/// distance 1 of up to 258 bytes; everything else as literals. Runs, and the literals before
/// them, are found 8 bytes at a time.
/// Much faster than zlib's deflate on such data, at some cost in size where the picture is busy.
final class RunDeflater {
    /// Fixed-Huffman code of each literal/length symbol 0...287, bit-reversed for LSB-first
    /// output, and its length in bits.
    private static let codes: [(UInt32, UInt32)] = (0..<288).map { s in
        let (code, bits): (UInt32, UInt32)
        switch s {
        case 0..<144: (code, bits) = (UInt32(0x30 + s), 8)
        case 144..<256: (code, bits) = (UInt32(0x190 + s - 144), 9)
        case 256..<280: (code, bits) = (UInt32(s - 256), 7)
        default: (code, bits) = (UInt32(0xC0 + s - 280), 8)
        }
        var r: UInt32 = 0
        for i in 0..<bits where code & (1 << i) != 0 { r |= 1 << (bits - 1 - i) }
        return (r, bits)
    }

    /// For each match length 3...258: the whole code (length symbol's code, then its extra bits,
    /// then distance code 0 = distance 1, 5 zero bits) as one bit string and its length.
    private static let lengthCodes: [(UInt64, UInt32)] = {
        let base = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
        let extra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
        var out = [(UInt64, UInt32)](repeating: (0, 0), count: 259)
        for length in 3...258 {
            var k = base.count - 1
            while base[k] > length { k -= 1 }
            let (code, bits) = codes[257 + k]
            let value = UInt64(code) | (UInt64(length - base[k]) << UInt64(bits))
            out[length] = (value, bits + UInt32(extra[k]) + 5)
        }
        return out
    }()

    private var out: [UInt8] = []

    /// The zlib stream of `data` (shares storage with this deflater until the next call).
    func compress(_ data: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8> {
        let n = data.count
        let need = n + n / 8 + 64
        if out.count < need { out = [UInt8](repeating: 0, count: need) }
        let codes = Self.codes, lengths = Self.lengthCodes
        let written: Int = out.withUnsafeMutableBufferPointer { o in
            codes.withUnsafeBufferPointer { codes in lengths.withUnsafeBufferPointer { lengths in
                let dst = o.baseAddress!
                dst[0] = 0x78; dst[1] = 0x01 // deflate, 32 K window, fastest
                var pos = 2
                var acc: UInt64 = 0, count: UInt32 = 0
                @inline(__always) func put(_ value: UInt64, _ bits: UInt32) {
                    acc |= value << UInt64(count)
                    count += bits
                    if count >= 32 {
                        UnsafeMutableRawPointer(dst + pos).storeBytes(of: UInt32(truncatingIfNeeded: acc).littleEndian, as: UInt32.self)
                        pos += 4; acc >>= 32; count -= 32
                    }
                }
                put(0b011, 3) // final block, fixed Huffman
                // Adler-32 (RFC 1950 §8.2) of the data, kept as it is consumed.
                var sumA: UInt64 = 1, sumB: UInt64 = 0, literals = 0
                /// Byte `b` as a literal: its code, and its step of the Adler-32 sums (reduced
                /// every 5,552 bytes, the most that cannot overflow).
                @inline(__always) func literal(_ b: UInt64) {
                    let (c, bits) = codes[Int(b)]
                    put(UInt64(c), bits)
                    sumA += b; sumB += sumA
                    literals += 1
                    if literals == 5552 { sumA %= 65521; sumB %= 65521; literals = 0 }
                }
                if let src = data.baseAddress {
                var i = 0
                while i < n {
                    if i + 9 <= n {
                        // Eight places at once: k = the first place whose byte equals the next
                        // (the lowest zero byte of byte[p] ^ byte[p + 1], found exactly by the
                        // zero-byte test); the k bytes before it are literals.
                        let word = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                        let x = word ^ UnsafeRawPointer(src + i + 1).loadUnaligned(as: UInt64.self)
                        let zero = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                        let k = zero == 0 ? 8 : zero.trailingZeroBitCount >> 3
                        if k > 0 {
                            var bytes = word
                            for _ in 0..<k {
                                literal(bytes & 255)
                                bytes >>= 8
                            }
                            i += k
                            continue
                        }
                    }
                    let b = src[i]
                    if i + 1 < n && src[i + 1] != b {
                        // No run here: a plain literal (the common case in busy areas).
                        literal(UInt64(b))
                        i += 1
                        continue
                    }
                    // Length of the run of b starting at i + 1.
                    var j = i + 1
                    let pattern = UInt64(b) &* 0x0101_0101_0101_0101
                    let wide = SIMD4<UInt64>(repeating: pattern)
                    while j + 32 <= n { // 32 bytes at a time through long runs (flat background)
                        let x = UnsafeRawPointer(src + j).loadUnaligned(as: SIMD4<UInt64>.self) ^ wide
                        if (x[0] | x[1]) | (x[2] | x[3]) != 0 { break }
                        j += 32
                    }
                    while j + 8 <= n {
                        let word = UnsafeRawPointer(src + j).loadUnaligned(as: UInt64.self)
                        let diff = word ^ pattern
                        if diff != 0 { j += diff.trailingZeroBitCount / 8; break }
                        j += 8
                    }
                    if j + 8 > n { while j < n && src[j] == b { j += 1 } }
                    literal(UInt64(b))
                    var run = j - i - 1
                    if run >= 3 {
                        let whole = run
                        while run > 0 {
                            // Keep every piece ≥ 3 long: split the tail so none is left under 3.
                            var piece = min(run, 258)
                            if run - piece > 0 && run - piece < 3 { piece = run - 3 }
                            if piece < 3 { break }
                            let (value, total) = lengths[piece]
                            put(value, total)
                            run -= piece
                        }
                        // Adler-32 over L copies of b in closed form: A += b·L, B += L·A + b·L(L+1)/2.
                        let length = UInt64(whole - run)
                        sumB = (sumB + length * sumA + UInt64(b) * (length * (length + 1) / 2)) % 65521
                        sumA = (sumA + UInt64(b) * length) % 65521
                        i = j - run
                    } else {
                        i += 1
                    }
                }
                }
                let (end, endBits) = codes[256]
                put(UInt64(end), endBits)
                while count > 0 {
                    dst[pos] = UInt8(truncatingIfNeeded: acc); pos += 1
                    acc >>= 8; count = count >= 8 ? count - 8 : 0
                }
                let adler = UInt32(((sumB % 65521) << 16) | (sumA % 65521))
                dst[pos] = UInt8(adler >> 24); dst[pos + 1] = UInt8((adler >> 16) & 255)
                dst[pos + 2] = UInt8((adler >> 8) & 255); dst[pos + 3] = UInt8(adler & 255)
                return pos + 4
            } }
        }
        return out[0..<written]
    }
}
