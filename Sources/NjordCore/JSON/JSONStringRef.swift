#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
    /// Each name as the key pattern `"name":`, back to back, for ``matchKey(_:in:at:)``.
    private let keys: UnsafeMutablePointer<UInt8>
    private let keyOffsets: UnsafeMutablePointer<Int>  // count + 1 entries

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
        keys = .allocate(capacity: total + 3 * names.count + 1)
        keyOffsets = .allocate(capacity: names.count + 1)
        var k = 0
        keyOffsets[0] = 0
        for (i, name) in names.enumerated() {
            for byte in [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")] {
                keys[k] = byte
                k += 1
            }
            keyOffsets[i + 1] = k
        }
    }

    deinit {
        flat.deallocate()
        offsets.deallocate()
        keys.deallocate()
        keyOffsets.deallocate()
    }

    /// The index of the name equal to `key`, trying `hint` first (fields usually come in order).
    @inline(__always)
    func index(of key: UnsafeBufferPointer<UInt8>, hint: Int = 0) -> Int? {
        if hint < count, equal(hint, key) { return hint }
        for i in 0..<count where i != hint && equal(i, key) { return i }
        return nil
    }

    /// When the key `"name":` of the name at `i` starts at `at` (its opening quote), exactly, with
    /// no white space or escapes: the offset after the colon. Compared eight bytes at a time
    /// against the pattern stored at init — the decoder's hottest loop on canonical input.
    @inline(__always)
    func matchKey(_ i: Int, in input: UnsafeBufferPointer<UInt8>, at: Int) -> Int? {
        let from = keyOffsets[i]
        let length = keyOffsets[i + 1] - from
        guard at >= 0, at + length <= input.count, let base = input.baseAddress else { return nil }
        let candidate = UnsafeRawPointer(base + at)
        let pattern = UnsafeRawPointer(keys + from)
        // Whole words, the last one overlapping the one before: no byte loop, whose mispredicted
        // exits cost more than the compares. Only an empty name (`"":`, 3 bytes) is shorter than a word.
        if length < 4 {
            return memcmp(candidate, pattern, length) == 0 ? at + length : nil
        }
        if length >= 8 {
            var k = 0
            while k + 8 <= length {
                if candidate.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    != pattern.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                {
                    return nil
                }
                k += 8
            }
            if k < length,
                candidate.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
                    != pattern.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self)
            {
                return nil
            }
        } else {
            if candidate.loadUnaligned(as: UInt32.self) != pattern.loadUnaligned(as: UInt32.self)
                || candidate.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
                    != pattern.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self)
            {
                return nil
            }
        }
        return at + length
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
