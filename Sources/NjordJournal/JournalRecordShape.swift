#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one rule both the writer and the readers apply to a line: a record is a JSON object, so its
/// first non-space byte is `{` and its last is `}`.
///
/// Why a shape rule and not "ends with a newline": after a crash the writer repairs a torn tail by
/// appending `\n`, which turns the fragment into a line that *is* newline-terminated. Such a
/// fragment almost never ends in `}` (it was cut mid-record), so readers classify it as corrupt,
/// report it and skip it. A fragment cut exactly after an inner `}` would pass; a full JSON parse
/// per line would close that gap at a cost the 3M records/s read target cannot pay. A single
/// `write(2)` per batch also means a `kill -9` does not tear lines; only power loss can.
enum JournalRecordShape {
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    /// True when the line (without its `\n`) is shaped as a JSON object.
    @inline(__always)
    static func isJSONObject(_ line: UnsafeRawBufferPointer) -> Bool {
        let n = line.count
        guard n >= 2 else { return false }
        if line[0] == UInt8(ascii: "{") && line[n - 1] == UInt8(ascii: "}") { return true }
        var first = 0
        while first < n && isSpace(line[first]) { first += 1 }
        var last = n - 1
        while last > first && isSpace(line[last]) { last -= 1 }
        return last > first && line[first] == UInt8(ascii: "{") && line[last] == UInt8(ascii: "}")
    }

    /// Throws unless `record` can be written as one valid line.
    static func validate(_ record: UnsafeRawBufferPointer) throws {
        if let base = record.baseAddress, let nl = memchr(base, 0x0A, record.count) {
            throw JournalError.recordContainsNewline(offset: base.distance(to: UnsafeRawPointer(nl)))
        }
        guard isJSONObject(record) else { throw JournalError.recordNotJSONObject }
    }
}
