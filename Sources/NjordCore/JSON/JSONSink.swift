/// Where the contract encoders write: ``JSONWriter`` (a growable array) or ``ScratchJSONWriter``
/// (a fixed stack buffer, the fast path). Payload encoders are generic over it and specialized.
protocol JSONSink {
    mutating func raw(_ text: StaticString)
    mutating func byte(_ value: UInt8)
    mutating func string(_ value: String)
    mutating func decimal(_ value: Fixed)
    mutating func int(_ value: Int64)
    mutating func uint(_ value: UInt64)
    mutating func bool(_ value: Bool)
    mutating func null()
}

extension JSONSink {
    mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func decimal(_ value: Fixed?) {
        if let value { decimal(value) } else { null() }
    }

    mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }
}

extension JSONWriter: JSONSink {}

/// Writes into a fixed buffer with plain stores. When the buffer is too small it stops writing
/// and says so (``overflowed``); the caller then encodes again with a ``JSONWriter``.
struct ScratchJSONWriter: JSONSink {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0
    private(set) var overflowed = false

    init(base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    var written: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Whether `n` more bytes fit; marks the writer overflowed when not.
    @inline(__always)
    private mutating func room(_ n: Int) -> Bool {
        if overflowed || count + n > capacity {
            overflowed = true
            return false
        }
        return true
    }

    @inline(__always)
    mutating func raw(_ text: StaticString) {
        let n = text.utf8CodeUnitCount
        guard room(n) else { return }
        (base + count).update(from: text.utf8Start, count: n)
        count += n
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        guard room(1) else { return }
        base[count] = value
        count += 1
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            // Worst case: every byte a six-byte escape, plus the quotes.
            guard room(utf8.count * 6 + 2) else { return }
            base[count] = UInt8(ascii: "\"")
            count += 1
            for c in utf8 {
                if c >= 0x20, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") {
                    base[count] = c
                    count += 1
                } else if c >= 0x20 {
                    base[count] = UInt8(ascii: "\\")
                    base[count + 1] = c
                    count += 2
                } else {
                    base[count] = UInt8(ascii: "\\")
                    base[count + 1] = UInt8(ascii: "u")
                    base[count + 2] = UInt8(ascii: "0")
                    base[count + 3] = UInt8(ascii: "0")
                    base[count + 4] = JSONWriter.hexDigit(c >> 4)
                    base[count + 5] = JSONWriter.hexDigit(c & 0xF)
                    count += 6
                }
            }
            base[count] = UInt8(ascii: "\"")
            count += 1
        }
    }

    /// The canonical decimal, as ``Fixed/write(to:)`` writes it, without going through an array.
    mutating func decimal(_ value: Fixed) {
        let magnitude = value.raw.magnitude
        guard magnitude <= UInt128(UInt64.max) else {
            // Beyond 1.8·10^11 units: rare, so the array formatter.
            var text: [UInt8] = []
            value.write(to: &text)
            guard room(text.count + 2) else { return }
            byte(UInt8(ascii: "\""))
            for c in text { byte(c) }
            byte(UInt8(ascii: "\""))
            return
        }
        // Quote, sign, 12 whole digits at most, point, 8 fraction digits, quote.
        guard room(24) else { return }
        let small = UInt64(magnitude)
        var whole = small / 100_000_000
        var fraction = small % 100_000_000
        base[count] = UInt8(ascii: "\"")
        count += 1
        if value.raw < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var digits = 1
        var probe = whole
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var at = count + digits
        count = at
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: 48 &+ whole % 10)
            whole /= 10
        } while whole > 0
        if fraction != 0 {
            var fractionDigits = 8
            while fraction % 10 == 0 {
                fraction /= 10
                fractionDigits -= 1
            }
            base[count] = UInt8(ascii: ".")
            count += 1
            at = count + fractionDigits
            count = at
            for _ in 0..<fractionDigits {
                at -= 1
                base[at] = UInt8(truncatingIfNeeded: 48 &+ fraction % 10)
                fraction /= 10
            }
        }
        base[count] = UInt8(ascii: "\"")
        count += 1
    }

    mutating func int(_ value: Int64) {
        if value < 0 {
            byte(UInt8(ascii: "-"))
            uint(value.magnitude)
        } else {
            uint(UInt64(value))
        }
    }

    mutating func uint(_ value: UInt64) {
        guard room(20) else { return }
        var digits = 1
        var probe = value
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        var v = value
        var at = count + digits
        count = at
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: 48 &+ v % 10)
            v /= 10
        } while v > 0
    }

    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    mutating func null() { raw("null") }
}
