import NjordCore

/// A zero-copy JSON scanner for Binance frames: reads fields straight from the frame's bytes
/// into typed values; keys and strings are byte ranges, never `String`s. Field paths are
/// autoclosures, built only when an error is thrown.
struct BinanceJSONScanner {
    /// Deepest nesting skipped over in fields this parser does not read.
    static let maxDepth = 32

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    // MARK: - Structure

    @inline(__always)
    mutating func skipSpace() {
        while index < bytes.count {
            let c = bytes[index]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            index += 1
        }
    }

    @inline(__always)
    mutating func peek(_ field: @autoclosure () -> String) throws(BinanceParseError) -> UInt8 {
        skipSpace()
        guard index < bytes.count else { throw malformed(field(), "unexpected end of frame") }
        return bytes[index]
    }

    mutating func beginObject(_ field: @autoclosure () -> String) throws(BinanceParseError) {
        guard try peek(field()) == UInt8(ascii: "{") else { throw .wrongType(field: field(), expected: "an object") }
        index += 1
    }

    mutating func beginArray(_ field: @autoclosure () -> String) throws(BinanceParseError) {
        guard try peek(field()) == UInt8(ascii: "[") else { throw .wrongType(field: field(), expected: "an array") }
        index += 1
    }

    /// The next key of an open object, its `:` consumed; nil once the closing brace is consumed.
    @inline(__always)
    mutating func nextKey(isFirst: inout Bool, _ field: @autoclosure () -> String) throws(BinanceParseError)
        -> Range<Int>?
    {
        var c = try peek(field())
        if c == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !isFirst {
            guard c == UInt8(ascii: ",") else { throw malformed(field(), "expected ',' or '}'") }
            index += 1
            c = try peek(field())
        }
        isFirst = false
        guard c == UInt8(ascii: "\"") else { throw malformed(field(), "expected a key") }
        let key = try stringRange(field())
        guard try peek(field()) == UInt8(ascii: ":") else { throw malformed(field(), "expected ':' after a key") }
        index += 1
        return key
    }

    /// Whether another element follows in an open array; false once `]` is consumed.
    @inline(__always)
    mutating func nextElement(isFirst: inout Bool, _ field: @autoclosure () -> String) throws(BinanceParseError)
        -> Bool
    {
        let c = try peek(field())
        if c == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !isFirst {
            guard c == UInt8(ascii: ",") else { throw malformed(field(), "expected ',' or ']'") }
            index += 1
        }
        isFirst = false
        return true
    }

    /// Requires that only white space remains.
    mutating func finish() throws(BinanceParseError) {
        skipSpace()
        guard index == bytes.count else { throw malformed("frame", "bytes after the closing brace") }
    }

    // MARK: - Values

    /// The bytes between the quotes of a string (escapes left as they are), quotes consumed.
    @inline(__always)
    mutating func stringRange(_ field: @autoclosure () -> String) throws(BinanceParseError) -> Range<Int> {
        index += 1  // the opening quote, checked by the caller
        let start = index
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if c == UInt8(ascii: "\\") { index += 1 }
            if c < 0x20 { throw malformed(field(), "control character in a string") }
            index += 1
        }
        throw malformed(field(), "unterminated string")
    }

    @inline(__always)
    mutating func readStringRange(_ field: @autoclosure () -> String) throws(BinanceParseError) -> Range<Int> {
        guard try peek(field()) == UInt8(ascii: "\"") else { throw .wrongType(field: field(), expected: "a string") }
        return try stringRange(field())
    }

    /// A decimal sent as a string (`"61602.01000000"`), exactly.
    @inline(__always)
    mutating func readDecimal(_ field: @autoclosure () -> String) throws(BinanceParseError) -> Fixed {
        let range = try readStringRange(field())
        do {
            return try Fixed(utf8: UnsafeBufferPointer(rebasing: bytes[range]))
        } catch {
            throw .badDecimal(field: field(), reason: error)
        }
    }

    /// A JSON integer that fits `Int64`.
    @inline(__always)
    mutating func readInt64(_ field: @autoclosure () -> String) throws(BinanceParseError) -> Int64 {
        let c = try peek(field())
        let negative = c == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: Int64 = 0
        let start = index
        while index < bytes.count {
            let d = bytes[index] &- 48
            if d > 9 { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { throw .badInteger(field: field()) }
            value = s
            index += 1
        }
        guard index > start else {
            if c == UInt8(ascii: "\"") { throw .wrongType(field: field(), expected: "an integer") }
            throw .badInteger(field: field())
        }
        if index < bytes.count {
            let next = bytes[index]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                throw .badInteger(field: field())
            }
        }
        return negative ? -value : value
    }

    mutating func readBool(_ field: @autoclosure () -> String) throws(BinanceParseError) -> Bool {
        let c = try peek(field())
        if c == UInt8(ascii: "t"), matches("true") {
            index += 4
            return true
        }
        if c == UInt8(ascii: "f"), matches("false") {
            index += 5
            return false
        }
        throw .wrongType(field: field(), expected: "a boolean")
    }

    /// An array of `["price","qty"]` pairs, appended to `levels`.
    mutating func readLevels(_ field: @autoclosure () -> String, into levels: inout [PriceLevel])
        throws(BinanceParseError)
    {
        try beginArray(field())
        var first = true
        var i = 0
        while try nextElement(isFirst: &first, field()) {
            try beginArray("\(field())[\(i)]")
            var inner = true
            guard try nextElement(isFirst: &inner, "\(field())[\(i)]") else {
                throw .missingField("\(field())[\(i)][0]")
            }
            let price = try readDecimal("\(field())[\(i)][0]")
            guard try nextElement(isFirst: &inner, "\(field())[\(i)]") else {
                throw .missingField("\(field())[\(i)][1]")
            }
            let qty = try readDecimal("\(field())[\(i)][1]")
            guard try !nextElement(isFirst: &inner, "\(field())[\(i)]") else {
                throw malformed("\(field())[\(i)]", "a level is a [price, qty] pair")
            }
            levels.append(PriceLevel(price: price, qty: qty))
            i += 1
        }
    }

    /// Skips one value of any type.
    mutating func skipValue(_ field: @autoclosure () -> String, depth: Int = 0) throws(BinanceParseError) {
        guard depth < Self.maxDepth else { throw malformed(field(), "nested too deeply") }
        let c = try peek(field())
        switch c {
        case UInt8(ascii: "\""):
            _ = try stringRange(field())
        case UInt8(ascii: "{"):
            index += 1
            var first = true
            while try nextKey(isFirst: &first, field()) != nil { try skipValue(field(), depth: depth + 1) }
        case UInt8(ascii: "["):
            index += 1
            var first = true
            while try nextElement(isFirst: &first, field()) { try skipValue(field(), depth: depth + 1) }
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            _ = try readBool(field())
        case UInt8(ascii: "n"):
            guard matches("null") else { throw malformed(field(), "unexpected literal") }
            index += 4
        default:
            let start = index
            while index < bytes.count {
                let b = bytes[index]
                guard
                    (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
                        || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
                else { break }
                index += 1
            }
            if index == start { throw malformed(field(), "unexpected character") }
        }
    }

    // MARK: - Helpers

    /// Whether the key (or string) bytes equal an ASCII name.
    @inline(__always)
    func equals(_ range: Range<Int>, _ name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount else { return false }
        let p = name.utf8Start
        var i = 0
        while i < range.count {
            if bytes[range.lowerBound + i] != p[i] { return false }
            i += 1
        }
        return true
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private func matches(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for i in 0..<n where bytes[index + i] != p[i] { return false }
        return true
    }

    func malformed(_ field: String, _ reason: String) -> BinanceParseError {
        .malformedJSON(field: field, offset: index, reason: reason)
    }
}
