#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A zero-copy JSON scanner over a byte buffer: the contracts' decoder reads each field straight
/// into its typed value, with no intermediate dictionaries or strings for keys.
///
/// Every read checks bounds before touching a byte and throws ``ContractError`` naming the field
/// path it was reading; nesting is bounded by ``maxDepth``. Paths are autoclosures so they cost
/// nothing unless an error is thrown.
struct JSONReader {
    /// Deepest nesting of arrays and objects accepted (the contracts need three).
    static let maxDepth = 64

    let input: UnsafeBufferPointer<UInt8>
    var index: Int

    init(_ input: UnsafeBufferPointer<UInt8>, at index: Int = 0) {
        self.input = input
        self.index = index
    }

    // MARK: - Structure

    @inline(__always)
    mutating func skipWhitespace() {
        while index < input.count {
            let c = input[index]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            index += 1
        }
    }

    /// The next non-space byte, not consumed; throws at the end of input.
    @inline(__always)
    mutating func peek(_ path: @autoclosure () -> String) throws(ContractError) -> UInt8 {
        skipWhitespace()
        guard index < input.count else {
            throw .malformedJSON(path: path(), offset: index, reason: "unexpected end of input")
        }
        return input[index]
    }

    mutating func beginObject(at path: @autoclosure () -> String) throws(ContractError) {
        guard try peek(path()) == UInt8(ascii: "{") else { throw mismatch(expected: "object", at: path()) }
        index += 1
    }

    mutating func beginArray(at path: @autoclosure () -> String) throws(ContractError) {
        guard try peek(path()) == UInt8(ascii: "[") else { throw mismatch(expected: "array", at: path()) }
        index += 1
    }

    /// The next key of an object opened by ``beginObject(at:)``, with its `:` consumed; nil once
    /// the closing brace is consumed. `isFirst` starts true.
    mutating func nextKey(isFirst: inout Bool, at path: @autoclosure () -> String) throws(ContractError)
        -> JSONStringRef?
    {
        var c = try peek(path())
        if c == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !isFirst {
            guard c == UInt8(ascii: ",") else { throw syntax("expected ',' or '}' after a value", path()) }
            index += 1
            c = try peek(path())
        }
        isFirst = false
        guard c == UInt8(ascii: "\"") else { throw syntax("expected a key string", path()) }
        let key = try scanString(path())
        guard try peek(path()) == UInt8(ascii: ":") else { throw syntax("expected ':' after a key", path()) }
        index += 1
        return key
    }

    /// Consumes `literal` when exactly its bytes come next: the fixed text between the values of
    /// a canonical event, matched in one compare instead of key by key (see
    /// ``EventEnvelope/canonical(_:)``).
    @inline(__always)
    mutating func consumeLiteral(_ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard input.count - index >= length, let base = input.baseAddress,
            memcmp(base + index, literal.utf8Start, length) == 0
        else { return false }
        index += length
        return true
    }

    /// Whether only white space remains.
    @inline(__always)
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == input.count
    }

    /// Consumes `,"name":` (or `"name":` first in an object) when exactly that comes next, with
    /// no white space or escapes: the canonical form. Anything else is left for ``nextKey``.
    @inline(__always)
    mutating func consumeKeyIfNext(_ table: NameTable, _ i: Int, isFirst: Bool) -> Int? {
        var at = index
        if !isFirst {
            guard at < input.count, input[at] == UInt8(ascii: ",") else { return nil }
            at += 1
        }
        guard let end = table.matchKey(i, in: input, at: at) else { return nil }
        index = end
        return i
    }

    /// Whether another element follows in an array opened by ``beginArray(at:)``; false once the
    /// closing bracket is consumed. `isFirst` starts true.
    mutating func nextElement(isFirst: inout Bool, at path: @autoclosure () -> String) throws(ContractError)
        -> Bool
    {
        let c = try peek(path())
        if c == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !isFirst {
            guard c == UInt8(ascii: ",") else { throw syntax("expected ',' or ']' after a value", path()) }
            index += 1
            if try peek(path()) == UInt8(ascii: "]") { throw syntax("expected a value after ','", path()) }
        }
        isFirst = false
        return true
    }

    /// Requires that only white space remains.
    mutating func finish() throws(ContractError) {
        skipWhitespace()
        guard index == input.count else { throw .trailingBytes(offset: index) }
    }

    // MARK: - Values

    /// Consumes `null` if it is next.
    @inline(__always)
    mutating func readNull(_ path: @autoclosure () -> String) throws(ContractError) -> Bool {
        guard try peek(path()) == UInt8(ascii: "n") else { return false }
        try literal("null", path())
        return true
    }

    mutating func readBool(at path: @autoclosure () -> String) throws(ContractError) -> Bool {
        switch try peek(path()) {
        case UInt8(ascii: "t"):
            try literal("true", path())
            return true
        case UInt8(ascii: "f"):
            try literal("false", path())
            return false
        default: throw mismatch(expected: "boolean", at: path())
        }
    }

    /// A string value, not yet turned into a `String`.
    @inline(__always)
    mutating func readStringRef(at path: @autoclosure () -> String) throws(ContractError) -> JSONStringRef {
        guard try peek(path()) == UInt8(ascii: "\"") else { throw mismatch(expected: "string", at: path()) }
        return try scanString(path())
    }

    mutating func readString(at path: @autoclosure () -> String) throws(ContractError) -> String {
        try readStringRef(at: path()).string(in: input)
    }

    mutating func readStringOrNull(at path: @autoclosure () -> String) throws(ContractError) -> String? {
        if try readNull(path()) { return nil }
        return try readString(at: path())
    }

    /// A decimal string parsed by ``Fixed`` (zero-padded forms accepted; exponents rejected).
    mutating func readDecimal(at path: @autoclosure () -> String) throws(ContractError) -> Fixed {
        let ref = try readStringRef(at: path())
        let parsed = ref.withUTF8(in: input) { bytes in
            Result { () throws(FixedPointError) -> Fixed in try Fixed(utf8: bytes) }
        }
        switch parsed {
        case .success(let value): return value
        case .failure(let error): throw .malformedDecimal(path: path(), error)
        }
    }

    mutating func readDecimalOrNull(at path: @autoclosure () -> String) throws(ContractError) -> Fixed? {
        if try readNull(path()) { return nil }
        return try readDecimal(at: path())
    }

    /// One of a fixed set of strings: the index of the matching name in `table`.
    mutating func readName(in table: NameTable, at path: @autoclosure () -> String) throws(ContractError) -> Int {
        let ref = try readStringRef(at: path())
        if let i = ref.withUTF8(in: input, { table.index(of: $0) }) { return i }
        throw .unknownValue(path: path(), value: ref.string(in: input), allowed: table.names)
    }

    mutating func readInt64(at path: @autoclosure () -> String) throws(ContractError) -> Int64 {
        let (negative, magnitude) = try readInteger(path())
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw .malformedInteger(path: path(), reason: "out of the range of a 64-bit integer")
            }
            return Int64(truncatingIfNeeded: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw .malformedInteger(path: path(), reason: "out of the range of a 64-bit integer")
        }
        return Int64(magnitude)
    }

    mutating func readInt64OrNull(at path: @autoclosure () -> String) throws(ContractError) -> Int64? {
        if try readNull(path()) { return nil }
        return try readInt64(at: path())
    }

    mutating func readUInt64(at path: @autoclosure () -> String) throws(ContractError) -> UInt64 {
        let (negative, magnitude) = try readInteger(path())
        guard !negative || magnitude == 0 else {
            throw .malformedInteger(path: path(), reason: "negative where an unsigned integer is required")
        }
        return magnitude
    }

    /// An integer's sign and magnitude; fractions, exponents and overflow are errors.
    @inline(__always)
    private mutating func readInteger(_ path: @autoclosure () -> String) throws(ContractError) -> (Bool, UInt64) {
        let first = try peek(path())
        guard first == UInt8(ascii: "-") || (first &- 48) < 10 else {
            throw mismatch(expected: "integer", at: path())
        }
        let negative = first == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < input.count, (input[index] &- 48) < 10 else { throw syntax("expected a digit", path()) }
        var magnitude: UInt64 = 0
        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count, (input[index] &- 48) < 10 { throw syntax("leading zero in a number", path()) }
        } else {
            // Nineteen digits always fit in a UInt64; only a twentieth can overflow.
            let start = index
            while index < input.count, index - start < 19 {
                let d = input[index] &- 48
                guard d < 10 else { break }
                magnitude = magnitude &* 10 &+ UInt64(d)
                index += 1
            }
            while index < input.count {
                let d = input[index] &- 48
                guard d < 10 else { break }
                let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                if o1 || o2 { throw .malformedInteger(path: path(), reason: "out of the range of a 64-bit integer") }
                magnitude = s
                index += 1
            }
        }
        if index < input.count {
            let c = input[index]
            if c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                throw .malformedInteger(path: path(), reason: "a fraction or exponent where an integer is required")
            }
        }
        return (negative, magnitude)
    }

    /// Skips any JSON value (an unknown field's), validating it fully: strings are valid UTF-8,
    /// numbers are finite, nesting stays within ``maxDepth``.
    mutating func skipValue(depth: Int, at path: @autoclosure () -> String) throws(ContractError) {
        switch try peek(path()) {
        case UInt8(ascii: "\""):
            _ = try scanString(path())
        case UInt8(ascii: "{"):
            guard depth < JSONReader.maxDepth else { throw .tooDeep(path: path(), offset: index) }
            index += 1
            var first = true
            while try nextKey(isFirst: &first, at: path()) != nil { try skipValue(depth: depth + 1, at: path()) }
        case UInt8(ascii: "["):
            guard depth < JSONReader.maxDepth else { throw .tooDeep(path: path(), offset: index) }
            index += 1
            var first = true
            while try nextElement(isFirst: &first, at: path()) { try skipValue(depth: depth + 1, at: path()) }
        case UInt8(ascii: "t"): try literal("true", path())
        case UInt8(ascii: "f"): try literal("false", path())
        case UInt8(ascii: "n"): try literal("null", path())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber(path())
        default: throw syntax("expected a value", path())
        }
    }

    // MARK: - Scanning

    /// Scans the number grammar of RFC 8259 and rejects values a `Double` cannot hold (`1e999`).
    private mutating func skipNumber(_ path: @autoclosure () -> String) throws(ContractError) {
        let start = index
        if input[index] == UInt8(ascii: "-") { index += 1 }
        guard index < input.count, (input[index] &- 48) < 10 else { throw syntax("expected a digit", path()) }
        if input[index] == UInt8(ascii: "0") {
            index += 1
            if index < input.count, (input[index] &- 48) < 10 { throw syntax("leading zero in a number", path()) }
        } else {
            skipDigits()
        }
        var plainInteger = true
        if index < input.count, input[index] == UInt8(ascii: ".") {
            plainInteger = false
            index += 1
            guard index < input.count, (input[index] &- 48) < 10 else {
                throw syntax("expected a digit after '.'", path())
            }
            skipDigits()
        }
        if index < input.count, input[index] | 0x20 == UInt8(ascii: "e") {
            plainInteger = false
            index += 1
            if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < input.count, (input[index] &- 48) < 10 else {
                throw syntax("expected a digit in the exponent", path())
            }
            skipDigits()
        }
        if !plainInteger || index - start > 18 {
            let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                throw .malformedJSON(path: path(), offset: start, reason: "number out of range")
            }
        }
    }

    @inline(__always)
    private mutating func skipDigits() {
        while index < input.count, (input[index] &- 48) < 10 { index += 1 }
    }

    private mutating func literal(_ word: StaticString, _ path: @autoclosure () -> String) throws(ContractError) {
        let n = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { w -> Bool in
            guard index + n <= input.count else { return false }
            for k in 0..<n where input[index + k] != w[k] { return false }
            return true
        }
        guard matches else { throw syntax("invalid literal", path()) }
        index += n
    }

    /// Scans a string whose opening quote is at `index`; leaves `index` after the closing quote.
    @inline(__always)
    mutating func scanString(_ path: @autoclosure () -> String) throws(ContractError) -> JSONStringRef {
        let quote = index
        index += 1
        let start = index
        var nonASCII = false
        while index < input.count {
            let c = input[index]
            if c == UInt8(ascii: "\"") {
                let end = index
                index += 1
                if nonASCII, !UTF8Validation.isValid(UnsafeBufferPointer(rebasing: input[start..<end])) {
                    throw .malformedJSON(path: path(), offset: start, reason: "string is not valid UTF-8")
                }
                return JSONStringRef(start: start, end: end, decoded: nil)
            }
            if c == UInt8(ascii: "\\") { return try scanEscapedString(quote: quote, start: start, path()) }
            if c < 0x20 { throw syntax("control character in a string", path()) }
            if c >= 0x80 { nonASCII = true }
            index += 1
        }
        throw .malformedJSON(path: path(), offset: quote, reason: "unterminated string")
    }

    private mutating func scanEscapedString(
        quote: Int, start: Int, _ path: @autoclosure () -> String
    ) throws(ContractError) -> JSONStringRef {
        var out = Array(input[start..<index])
        while index < input.count {
            let c = input[index]
            if c == UInt8(ascii: "\"") {
                let end = index
                index += 1
                let valid = out.withUnsafeBufferPointer { UTF8Validation.isValid($0) }
                guard valid else {
                    throw .malformedJSON(path: path(), offset: start, reason: "string is not valid UTF-8")
                }
                return JSONStringRef(start: start, end: end, decoded: out)
            }
            if c < 0x20 { throw syntax("control character in a string", path()) }
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                index += 1
                continue
            }
            guard index + 1 < input.count else { break }
            let escape = input[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(path())
                if scalar >= 0xD800, scalar <= 0xDBFF {
                    guard index + 1 < input.count, input[index] == UInt8(ascii: "\\"),
                        input[index + 1] == UInt8(ascii: "u")
                    else { throw syntax("unpaired surrogate in a \\u escape", path()) }
                    index += 2
                    let low = try hex4(path())
                    guard low >= 0xDC00, low <= 0xDFFF else {
                        throw syntax("unpaired surrogate in a \\u escape", path())
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00, scalar <= 0xDFFF {
                    throw syntax("unpaired surrogate in a \\u escape", path())
                }
                JSONReader.appendUTF8(scalar, to: &out)
            default:
                index -= 1
                throw syntax("invalid escape", path())
            }
        }
        throw .malformedJSON(path: path(), offset: quote, reason: "unterminated string")
    }

    private mutating func hex4(_ path: @autoclosure () -> String) throws(ContractError) -> UInt32 {
        guard index + 4 <= input.count else { throw syntax("truncated \\u escape", path()) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let c = input[index]
            let digit: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = c - UInt8(ascii: "A") + 10
            default: throw syntax("invalid hex digit in a \\u escape", path())
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    // MARK: - Errors

    func syntax(_ reason: String, _ path: String) -> ContractError {
        .malformedJSON(path: path, offset: index, reason: reason)
    }

    /// The error for a value of the wrong type at `index`, or a syntax error when no value starts there.
    func mismatch(expected: String, at path: String) -> ContractError {
        let found: String
        switch input[index] {
        case UInt8(ascii: "\""): found = "string"
        case UInt8(ascii: "{"): found = "object"
        case UInt8(ascii: "["): found = "array"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "boolean"
        case UInt8(ascii: "n"): found = "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): found = "number"
        default: return syntax("expected a value", path)
        }
        // Outside any field only the byte offset says where.
        if path.isEmpty { return syntax("expected \(expected), found \(found)", path) }
        return .wrongType(path: path, expected: expected, found: found)
    }
}
