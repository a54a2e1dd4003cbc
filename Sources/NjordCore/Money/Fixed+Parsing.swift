extension Fixed {
    /// Parses a plain decimal exactly: an optional `-`, digits, and optionally `.` and digits.
    /// Binance's zero-padded `"61602.01000000"` parses; trailing zeros past eight fractional digits
    /// are accepted, non-zero ones are ``FixedPointError/tooManyFractionDigits``. Signs other than
    /// a leading `-`, white space, exponents and anything else are errors naming the problem.
    public init(_ text: String) throws(FixedPointError) {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(FixedPointError) -> Fixed in try Fixed(utf8: bytes) }
        }
        self = try result.get()
    }

    /// Parses from UTF-8 bytes (the JSON and CSV fast paths); same rules as ``init(_:)``.
    @inlinable
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(FixedPointError) {
        let count = bytes.count
        guard count > 0 else { throw .empty }
        var i = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative { i = 1 }
        // Whole part: fast in UInt64 for up to 18 digits, then Int128.
        var whole: UInt64 = 0
        var wholeDigits = 0
        var wide: UInt128 = 0
        var isWide = false
        while i < count {
            let d = bytes[i] &- 48
            if d > 9 { break }
            if wholeDigits < 18 {
                whole = whole &* 10 &+ UInt64(d)
            } else {
                if !isWide {
                    wide = UInt128(whole)
                    isWide = true
                }
                let (m, o1) = wide.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt128(d))
                if o1 || o2 { throw .overflow }
                wide = s
            }
            wholeDigits += 1
            i += 1
        }
        guard wholeDigits > 0 else {
            if i < count, bytes[i] != UInt8(ascii: ".") { throw .unexpectedCharacter(offset: i) }
            throw .missingDigits
        }
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < count {
            let c = bytes[i]
            if c == UInt8(ascii: ".") {
                i += 1
                let start = i
                while i < count {
                    let d = bytes[i] &- 48
                    if d > 9 { break }
                    if fractionDigits < Fixed.fractionDigits {
                        fraction = fraction * 10 + Int64(d)
                        fractionDigits += 1
                    } else if d != 0 {
                        throw .tooManyFractionDigits
                    }
                    i += 1
                }
                if i == start { throw .missingDigits }
            }
            if i < count {
                let c = bytes[i]
                if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") { throw .exponentNotAllowed }
                throw .unexpectedCharacter(offset: i)
            }
        }
        while fractionDigits < Fixed.fractionDigits {
            fraction *= 10
            fractionDigits += 1
        }
        guard isWide else {
            // At most 18 whole digits: below 10^26 raw, far inside Int128, so no check is needed.
            let value = Int128(whole) &* Fixed.scale &+ Int128(fraction)
            self.init(raw: negative ? 0 &- value : value)
            return
        }
        // The magnitude is formed unsigned so that the most negative value (|min| = max + 1) parses.
        let (m, o) = wide.multipliedReportingOverflow(by: UInt128(Fixed.scale))
        if o { throw .overflow }
        let (magnitude, o2) = m.addingReportingOverflow(UInt128(fraction))
        if o2 { throw .overflow }
        let limit = UInt128(Int128.max)
        if negative {
            guard magnitude <= limit + 1 else { throw .overflow }
            self.init(raw: magnitude == limit + 1 ? .min : -Int128(magnitude))
        } else {
            guard magnitude <= limit else { throw .overflow }
            self.init(raw: Int128(magnitude))
        }
    }

    /// Parses from any UTF-8 byte collection (slices of a buffer); same rules as ``init(_:)``.
    public init(utf8 bytes: some Collection<UInt8>) throws(FixedPointError) {
        let parse = { (b: UnsafeBufferPointer<UInt8>) in
            Result { () throws(FixedPointError) -> Fixed in try Fixed(utf8: b) }
        }
        let result = bytes.withContiguousStorageIfAvailable(parse) ?? Array(bytes).withUnsafeBufferPointer(parse)
        self = try result.get()
    }
}
