/// One line of a capture file: `<local receive time, ns since epoch> <raw JSON frame>`.
public struct CaptureLine {
    public var receiveNanoseconds: Int64
    /// The frame's bytes; valid as long as the line's bytes are.
    public var frame: UnsafeBufferPointer<UInt8>

    /// Splits a line; nil when it does not start with digits and a space followed by a frame.
    @inline(__always)
    public init?(_ line: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var ns: Int64 = 0
        while i < line.count {
            let d = line[i] &- 48
            if d > 9 { break }
            guard i < 19 else { return nil }  // more digits than an Int64 of nanoseconds holds
            ns = ns &* 10 &+ Int64(d)
            i += 1
        }
        guard i > 0, i < line.count, line[i] == 0x20 else { return nil }
        i += 1
        while i < line.count, line[i] == 0x20 { i += 1 }
        guard i < line.count else { return nil }
        receiveNanoseconds = ns
        frame = UnsafeBufferPointer(rebasing: line[i...])
    }

    /// Whether a line holds nothing but white space.
    @inline(__always)
    public static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in line where !(c == 0x20 || c == 0x09 || c == 0x0D) { return false }
        return true
    }
}
