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
/// bytes without allocating. Names are kept in one flat buffer.
struct NameTable: Sendable {
    let names: [String]
    private let flat: [UInt8]
    private let offsets: [Int]  // names.count + 1 entries

    init(_ names: [String]) {
        self.names = names
        var flat: [UInt8] = []
        var offsets = [0]
        for name in names {
            flat.append(contentsOf: name.utf8)
            offsets.append(flat.count)
        }
        self.flat = flat
        self.offsets = offsets
    }

    var count: Int { names.count }

    /// The index of the name equal to `key`, trying `hint` first (fields usually come in order).
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>, hint: Int = 0) -> Int? {
        flat.withUnsafeBufferPointer { flat in
            offsets.withUnsafeBufferPointer { offsets in
                let n = offsets.count - 1
                if hint < n, NameTable.equal(flat, offsets[hint], offsets[hint + 1], key) { return hint }
                for i in 0..<n where i != hint && NameTable.equal(flat, offsets[i], offsets[i + 1], key) {
                    return i
                }
                return nil
            }
        }
    }

    @inline(__always)
    private static func equal(
        _ flat: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ key: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        guard to - from == key.count else { return false }
        var i = 0
        while i < key.count {
            if flat[from + i] != key[i] { return false }
            i += 1
        }
        return true
    }
}
