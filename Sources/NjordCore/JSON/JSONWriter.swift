/// Appends compact JSON to a byte buffer: the contracts' encoder and anything else that writes
/// JSON on a hot path. No spaces; strings escaped minimally and canonically (`\"`, `\\`, and
/// control characters as `\u00xx`); everything else, including non-ASCII UTF-8, written as is.
public struct JSONWriter {
    /// The bytes written so far.
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public init(appendingTo bytes: [UInt8]) { self.bytes = bytes }

    /// Punctuation and pre-quoted keys, written verbatim (`{"type":`).
    @inlinable
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func byte(_ value: UInt8) { bytes.append(value) }

    /// A quoted, escaped string.
    public mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var plainStart = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                if plainStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<i])) }
                bytes.append(UInt8(ascii: "\\"))
                if c < 0x20 {
                    bytes.append(UInt8(ascii: "u"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(UInt8(ascii: "0"))
                    bytes.append(JSONWriter.hexDigit(c >> 4))
                    bytes.append(JSONWriter.hexDigit(c & 0xF))
                } else {
                    bytes.append(c)
                }
                plainStart = i + 1
            }
            if plainStart < utf8.count {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plainStart..<utf8.count]))
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// A quoted string, or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A decimal as its canonical quoted string (`"61837.63"`).
    @inlinable
    public mutating func decimal(_ value: Fixed) {
        bytes.append(UInt8(ascii: "\""))
        value.write(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A decimal string, or `null`.
    @inlinable
    public mutating func decimal(_ value: Fixed?) {
        if let value { decimal(value) } else { null() }
    }

    @inlinable
    public mutating func int(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            uint(value.magnitude)
        } else {
            uint(UInt64(value))
        }
    }

    /// An integer, or `null`.
    @inlinable
    public mutating func int(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    @inlinable
    public mutating func uint(_ value: UInt64) {
        if value < 10 {
            bytes.append(UInt8(truncatingIfNeeded: 48 &+ value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for 20 digits
        withUnsafeMutableBytes(of: &digits) { raw in
            // Typed, so the append below is one copy rather than a byte-by-byte one.
            let out = raw.bindMemory(to: UInt8.self)
            var v = value
            var i = 24
            while v > 0 {
                i -= 1
                out[i] = UInt8(truncatingIfNeeded: 48 &+ v % 10)
                v /= 10
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: out[i..<24]))
        }
    }

    @inlinable
    public mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    @inlinable
    public mutating func null() { raw("null") }

    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 48 + nibble : UInt8(ascii: "a") + nibble - 10
    }
}
