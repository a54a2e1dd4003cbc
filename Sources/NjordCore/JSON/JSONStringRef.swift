/// A JSON string as the reader found it: a range of the input when it has no escapes (no copy),
/// otherwise its decoded bytes.
struct JSONStringRef {
    /// Offset of the first content byte (after the opening quote).
    var start: Int
    /// Offset of the closing quote.
    var end: Int
    /// The decoded UTF-8 when the string had escapes.
    var decoded: [UInt8]?

    /// Calls `body` with the string's UTF-8 content.
    @inline(__always)
    func withUTF8<R>(in input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let decoded { return decoded.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(rebasing: input[start..<end]))
    }

    /// The string; its UTF-8 was validated when it was scanned.
    func string(in input: UnsafeBufferPointer<UInt8>) -> String {
        withUTF8(in: input) { String(decoding: $0, as: UTF8.self) }
    }
}

/// A fixed list of names (an object's fields, an enum's wire values) matched against raw key
/// bytes without allocating. A class with its bytes in one flat allocation, so that decoders
/// share a table by one reference instead of retaining several arrays per object read.
final class NameTable: @unchecked Sendable {  // immutable after init
    let names: [String]
    let count: Int
    private let flat: UnsafeMutablePointer<UInt8>
    private let offsets: UnsafeMutablePointer<Int>  // count + 1 entries

    init(_ names: [String]) {
        self.names = names
        count = names.count
        let total = names.reduce(0) { $0 + $1.utf8.count }
        flat = .allocate(capacity: max(total, 1))
        offsets = .allocate(capacity: names.count + 1)
        var at = 0
        offsets[0] = 0
        for (i, name) in names.enumerated() {
            for byte in name.utf8 {
                flat[at] = byte
                at += 1
            }
            offsets[i + 1] = at
        }
    }

    deinit {
        flat.deallocate()
        offsets.deallocate()
    }

    /// The index of the name equal to `key`, trying `hint` first (fields usually come in order).
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>, hint: Int = 0) -> Int? {
        if hint < count, equal(hint, key) { return hint }
        for i in 0..<count where i != hint && equal(i, key) { return i }
        return nil
    }

    /// When the name at `i` followed by a closing quote starts at `at`: the offset after the quote.
    @inline(__always)
    func matchQuotedName(_ i: Int, in input: UnsafeBufferPointer<UInt8>, at: Int) -> Int? {
        let from = offsets[i]
        let length = offsets[i + 1] - from
        guard at + length < input.count, input[at + length] == UInt8(ascii: "\"") else { return nil }
        var k = 0
        while k < length {
            if flat[from + k] != input[at + k] { return nil }
            k += 1
        }
        return at + length + 1
    }

    @inline(__always)
    private func equal(_ i: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let from = offsets[i]
        guard offsets[i + 1] - from == key.count else { return false }
        var k = 0
        while k < key.count {
            if flat[from + k] != key[k] { return false }
            k += 1
        }
        return true
    }
}
