extension Fixed: CustomStringConvertible {
    /// The canonical form: no exponent, no `+`, no trailing fractional zeros, no point for whole
    /// numbers, `0` for zero (never `-0`). Parsing it gives the same value back.
    public var description: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        write(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical form to a byte buffer (the encoders' fast path).
    @inlinable
    public func write(to buffer: inout [UInt8]) {
        var magnitude: UInt128 = raw < 0 ? UInt128(bitPattern: 0 &- raw) : UInt128(raw)
        if raw < 0 { buffer.append(UInt8(ascii: "-")) }
        var whole: UInt128
        var fraction: UInt64
        if magnitude <= UInt128(UInt64.max) {
            let small = UInt64(magnitude)
            whole = UInt128(small / 100_000_000)
            fraction = small % 100_000_000
        } else {
            whole = magnitude / 100_000_000
            fraction = UInt64(magnitude % 100_000_000)
            magnitude = 0
        }
        Fixed.writeDigits(whole, to: &buffer)
        if fraction != 0 {
            buffer.append(UInt8(ascii: "."))
            var digits = 8
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            // Leading zeros of the fraction, then its significant digits.
            var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (48, 48, 48, 48, 48, 48, 48, 48)
            withUnsafeMutableBytes(of: &tmp) { out in
                var f = fraction
                var k = digits - 1
                while k >= 0 {
                    out[k] = UInt8(48 + f % 10)
                    f /= 10
                    k -= 1
                }
                buffer.append(contentsOf: out[0..<digits])
            }
        }
    }

    @usableFromInline
    static func writeDigits(_ value: UInt128, to buffer: inout [UInt8]) {
        if value <= UInt128(UInt64.max) {
            var v = UInt64(value)
            if v == 0 {
                buffer.append(48)
                return
            }
            var tmp = (UInt64(0), UInt64(0), UInt64(0))  // 24 bytes: enough for 20 digits
            let n = withUnsafeMutableBytes(of: &tmp) { out -> Int in
                var i = 24
                while v > 0 {
                    i -= 1
                    out[i] = UInt8(48 + v % 10)
                    v /= 10
                }
                buffer.append(contentsOf: out[i..<24])
                return 24 - i
            }
            _ = n
        } else {
            let high = value / 10_000_000_000_000_000_000
            let low = UInt64(value % 10_000_000_000_000_000_000)
            writeDigits(high, to: &buffer)
            var digits = [UInt8](repeating: 48, count: 19)
            var v = low
            var i = 19
            while v > 0 {
                i -= 1
                digits[i] = UInt8(48 + v % 10)
                v /= 10
            }
            buffer.append(contentsOf: digits)
        }
    }
}
